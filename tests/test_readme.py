"""The README documents every environment variable the code reads and every demo login."""

import re
from pathlib import Path

from hrflow.accounts.demo import DEMO_ACCOUNTS

REPO_ROOT = Path(__file__).resolve().parents[1]
READ_IN_CODE = [
    re.compile(r"""env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)\""""),
    # reads only: `os.environ["X"] = ...` sets a variable for a child, it reads nothing
    re.compile(r"""environ(?:\.get)?[\(\[]\s*"((?:HRFLOW|DJANGO|TEST)_[A-Z0-9_]+)"(?!\]\s*=)"""),
]


COMPOSE_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]+)")
MAKE_VARIABLE = re.compile(r"^([A-Z][A-Z0-9_]+) \?=", re.MULTILINE)


# Not ours: installed packages, build and test output.
SKIPPED = {".venv", ".git", ".artifacts", "node_modules", "staticfiles", "build"}


def _python_files() -> list[Path]:
    """Every Python file of the checkout: each app, scripts, manage.py and the tests."""
    return [
        path
        for path in REPO_ROOT.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(REPO_ROOT).parts)
    ]


def _variables_read() -> set[str]:
    names = set()
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        for pattern in READ_IN_CODE:
            names.update(pattern.findall(text))
    names.update(COMPOSE_VARIABLE.findall((REPO_ROOT / "docker-compose.yml").read_text()))
    names.update(MAKE_VARIABLE.findall((REPO_ROOT / "Makefile").read_text()))
    return names


def test_every_environment_variable_is_in_the_readme_table():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    variables = _variables_read()

    assert {"DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"} <= variables
    assert "PYTEST_ARGS" in variables or "PYTHON" in variables
    assert sorted(name for name in variables if f"`{name}`" not in readme) == []


def test_every_app_is_scanned():
    scanned = {path.relative_to(REPO_ROOT).parts[0] for path in _python_files()}
    apps = {"hrflow", "integrations", "employees", "recruiting", "portal", "careers", "analytics"}
    assert apps | {"tests", "scripts", "manage.py"} <= scanned


def test_readme_opens_with_the_two_commands():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("make demo") < readme.index("## Configuration")
    assert readme.index("make test") < readme.index("## Configuration")


def test_every_demo_login_is_in_the_readme():
    """A demo login the README leaves out is a story nobody finds (the supervisor's)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (\S+@hrflow\.local) \|", readme, re.MULTILINE))
    assert listed == {account.email for account in DEMO_ACCOUNTS}
