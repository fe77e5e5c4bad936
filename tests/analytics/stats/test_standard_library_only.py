"""analytics.stats imports without Django and without NumPy or SciPy."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import analytics.stats

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_every_module_imports_in_a_bare_interpreter_without_third_party_packages():
    modules = [info.name for info in pkgutil.iter_modules(analytics.stats.__path__)]
    assert len(modules) >= 9
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module('analytics.stats.' + name)\n"
        "loaded = {name.split('.')[0] for name in sys.modules}\n"
        "print(sorted(loaded & {'django', 'numpy', 'scipy'}))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
