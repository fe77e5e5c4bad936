"""Liveness of the three things hrflow cannot work without: database, Redis, a worker."""

import functools
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import redis
from celery import Celery
from django.conf import settings
from django.db import connection

# Short timeouts: a health probe must answer fast even when a dependency hangs.
REDIS_TIMEOUT_SECONDS = 1.0
WORKER_PING_TIMEOUT_SECONDS = 1.0


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
