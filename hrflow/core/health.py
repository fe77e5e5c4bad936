"""Liveness of the three things hrflow cannot work without: database, Redis, a worker.

Two ways to ask: `run_health_checks` probes all three now (for /healthz, which a
container runtime calls and may wait on); `health_probe_store` is run by a worker
every minute (the `core.health_probe` task) and keeps what it saw, so the staff
dashboard shows the last result and its age without waiting on a worker ping,
which takes a full second when no worker answers.
"""

import functools
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import redis
from celery import Celery
from django.conf import settings
from django.core.cache import cache
from django.db import connection

# Short timeouts: a health probe must answer fast even when a dependency hangs.
REDIS_TIMEOUT_SECONDS = 1.0
WORKER_PING_TIMEOUT_SECONDS = 1.0
HEALTH_PROBE_CACHE_KEY = "core:health-probe"
# The probe runs every minute: three missed runs mean no worker (or no beat) runs it.
HEALTH_PROBE_STALE_AFTER = timedelta(minutes=3)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    latency_ms: float
    detail: str = ""


def _timed(check: Callable[[], str]) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = check()
    except Exception as exc:
        # Only the error's class: a public probe must not leak hosts or paths.
        return CheckResult(False, _ms_since(started), type(exc).__name__)
    return CheckResult(True, _ms_since(started), detail)


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return ""


def _check_redis() -> str:
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()
    return ""


@functools.cache
def _probe_app(broker_url: str) -> Celery:
    # A small Celery app of its own, so the probe never shares (or spoils) the
    # producer pool of the app that sends real tasks.
    probe = Celery("hrflow-health", broker=broker_url, set_as_current=False)
    probe.conf.broker_connection_timeout = REDIS_TIMEOUT_SECONDS
    probe.conf.broker_connection_retry = False
    return probe


def _check_worker() -> str:
    # limit=1 returns as soon as one worker answers instead of waiting out the timeout.
    probe = _probe_app(settings.CELERY_BROKER_URL)
    replies = probe.control.ping(timeout=WORKER_PING_TIMEOUT_SECONDS, limit=1)
    if not replies:
        raise WorkerNotRespondingError
    return f"{len(replies)} worker(s) answered"


class WorkerNotRespondingError(Exception):
    pass


def run_health_checks() -> dict[str, dict[str, object]]:
    """Run every check; the worker check is skipped (down) when Redis is down.

    Pinging workers through a dead broker would block on reconnect attempts,
    and no worker can be reached without the broker anyway.
    """
    results = {"database": _timed(_check_database), "redis": _timed(_check_redis)}
    if results["redis"].ok:
        results["celery"] = _timed(_check_worker)
    else:
        results["celery"] = CheckResult(False, 0.0, "broker unreachable")
    return {name: asdict(result) for name, result in results.items()}


def health_probe_store(*, now: datetime, worker: str) -> dict[str, Any]:
    """Check the database and Redis from a worker and keep the result with when and by whom.

    That a worker ran this at all is the worker's check: its age tells readers
    whether workers still run tasks (no ping needed, and none could reach a
    worker busy with this very task under the solo pool).
    """
    probe = {
        "checked_at": now.isoformat(),
        "worker": worker,
        "checks": {
            "database": asdict(_timed(_check_database)),
            "redis": asdict(_timed(_check_redis)),
        },
    }
    cache.set(HEALTH_PROBE_CACHE_KEY, probe, timeout=None)
    return probe


def health_probe_last() -> dict[str, Any] | None:
    """The last stored probe, None if none ran yet (raises when Redis cannot be read)."""
    return cache.get(HEALTH_PROBE_CACHE_KEY)
