"""What the benchmark scripts share: a database of their own on a local server, and
the lines that say how and where a run ran.

Each script makes its own database on the configured PostgreSQL server (which must
be on this machine), drops it at the end, and prints the command and load average.
"""

import os
import shlex
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = {"127.0.0.1", "::1", "localhost", ""}


def server_url() -> str:
    """The configured DATABASE_URL (.data/services.env too); loopback only."""
    from hrflow.env import env, read_services_env_file

    read_services_env_file()
    url = env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/hrflow")
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("/"):
        raise SystemExit(f"benchmark refused: PostgreSQL at {host!r} is not on this machine")
    return url


def redis_url(number: int) -> str:
    """The configured Redis server (REDIS_URL, .data/services.env), database `number` on it;
    loopback only."""
    from hrflow.env import env, read_services_env_file

    read_services_env_file()
    url = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    if (parts.hostname or "") not in LOOPBACK:
        raise SystemExit(f"benchmark refused: Redis at {parts.hostname!r} is not on this machine")
    return urlunsplit(parts._replace(path=f"/{number}"))


def redis_flush(url: str) -> None:
    """Empty a Redis database: queued, unacknowledged and scheduled tasks, cached tokens."""
    import redis

    with redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10) as client:
        client.flushdb()


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_recreate(url: str, name: str) -> None:
    # A run killed half-way leaves its database behind; it is ours to replace.
    with closing(_admin_connection(url)) as admin, admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")


def _database_ensure(url: str, name: str) -> None:
    with closing(_admin_connection(url)) as admin, admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {name}")


def database_drop(url: str, name: str) -> None:
    with closing(_admin_connection(url)) as admin, admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def django_disconnect() -> None:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


def command_line() -> str:
    """How this run was started, as one could type it again."""

    def shown(path: Path) -> str:
        return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)

    words = [shown(Path(sys.executable)), shown(Path(sys.argv[0]).resolve()), *sys.argv[1:]]
    return f"cd {REPO_ROOT} && {shlex.join(words)}"


def load_average() -> str:
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def raise_exit(signum: int, frame: Any) -> None:
    """A SIGTERM handler: leave through `finally` clauses, so the database is dropped."""
    raise SystemExit(128 + signum)


def _admin_connection(url: str) -> Any:
    import psycopg2

    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    return connection


@contextmanager
def bench_run(database: str, redis_number: int, *, keep: bool = False) -> Iterator[None]:
    """A benchmark's own database and Redis database on this machine, for its whole run.

    Prints how the run was started; points DATABASE_URL, REDIS_URL and Celery at
    them (workers started inside inherit it), with DEBUG off as in production;
    makes them empty, and removes them at the end - also after a failure or a
    SIGTERM (a CI timeout, `kill`), which leaves through the `finally` below. With
    `keep`, an existing database is used as it is and kept at the end (a large seed
    is then made once for several runs).
    """
    signal.signal(signal.SIGTERM, raise_exit)
    started = time.monotonic()
    print(f"$ {command_line()}\nload average at the start {load_average()}", flush=True)
    server = server_url()  # refuses a PostgreSQL server that is not on this machine
    redis = redis_url(redis_number)  # the same for Redis
    os.environ["DATABASE_URL"] = with_database(server, database)
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        os.environ[name] = redis
    # As in production: DEBUG would keep every query in memory.
    os.environ["DJANGO_DEBUG"] = "false"
    try:
        redis_flush(redis)
        if not keep:
            database_recreate(server, database)
        else:
            _database_ensure(server, database)
        yield
    finally:
        django_disconnect()
        if not keep:
            database_drop(server, database)
        redis_flush(redis)
    print(
        f"total runtime {time.monotonic() - started:.1f} s; load average {load_average()} "
        "(other work on this machine skews the figures)",
        flush=True,
    )
