"""The import layers of docs/DESIGN.md and ruff, checked in every test run (so in CI)."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_every_import_contract_is_kept():
    """Layers, recruiting's feature packages, no dev code in live code: each contract of
    pyproject.toml is reported kept (a contract import-linter skipped would not be)."""
    contracts = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in contracts:
        assert f"{contract['name']} KEPT" in result.stdout, contract["name"]
    assert f"{len(contracts)} kept, 0 broken" in result.stdout


def test_ruff_is_clean():
    result = _run(str(BIN / "ruff"), "check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _run(str(BIN / "ruff"), "format", "--check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    """Types are checked with django-stubs, as `make lint` does."""
    apps = ("hrflow", "integrations", "employees", "recruiting", "portal", "careers", "analytics")
    result = _run(str(BIN / "mypy"), *apps)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


# Where an import inside a function is the rule, not a dodge: Django's `ready()` hooks
# (the app registry must be ready), and dev-only code (the demo, the simulators).
LATE_IMPORTS_ALLOWED = ("apps.py", "hrflow/demo.py", "integrations/simulators/")
PROJECT_PACKAGES = (
    "hrflow",
    "integrations",
    "employees",
    "recruiting",
    "portal",
    "careers",
    "analytics",
)


def test_no_import_inside_a_function_dodges_a_cycle():
    """Modules import each other at the top: a function-local import of our own code
    hides a cycle the layers should have broken (issue 13, point 3)."""
    found = []
    for package in PROJECT_PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            relative = path.relative_to(REPO_ROOT).as_posix()
            if "/migrations/" in relative or any(
                relative.endswith(allowed) or relative.startswith(allowed)
                for allowed in LATE_IMPORTS_ALLOWED
            ):
                continue
            for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        names = (
                            [node.module]
                            if isinstance(node, ast.ImportFrom)
                            else [alias.name for alias in node.names]
                        )
                        if any((name or "").split(".")[0] in PROJECT_PACKAGES for name in names):
                            found.append(f"{relative}:{node.lineno} in {function.name}()")
    assert found == []
