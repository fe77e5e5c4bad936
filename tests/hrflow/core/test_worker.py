"""Tasks run by a real Celery worker on real Redis (tests/fixtures/celery_worker.py)."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from hrflow.core.health import health_probe_last
from hrflow.core.tasks import (
    BEAT_HEARTBEAT_CACHE_KEY,
    beat_heartbeat_task,
    clear_expired_sessions_task,
    health_probe_task,
    ping_task,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
RESULT_TIMEOUT = 30


def test_worker_runs_a_task_through_redis(celery_worker_process):
    result = ping_task.apply_async(args=["hello"], ignore_result=False)
    assert result.get(timeout=RESULT_TIMEOUT) == "hello"


def test_heartbeat_task_writes_the_shared_cache(celery_worker_process):
    """The worker writes to the same Redis the web process reads."""
    beat_heartbeat_task.apply_async(ignore_result=False).get(timeout=RESULT_TIMEOUT)
    assert cache.get(BEAT_HEARTBEAT_CACHE_KEY)


def test_worker_sees_committed_rows_and_is_idempotent(celery_worker_process):
    """The worker deletes what the test committed; running it again deletes nothing."""
    Session.objects.create(
        session_key="expired", session_data="{}", expire_date=timezone.now() - timezone.timedelta(1)
    )
    Session.objects.create(
        session_key="current", session_data="{}", expire_date=timezone.now() + timezone.timedelta(1)
    )

    first = clear_expired_sessions_task.apply_async(ignore_result=False).get(timeout=RESULT_TIMEOUT)
    second = clear_expired_sessions_task.apply_async(ignore_result=False).get(
        timeout=RESULT_TIMEOUT
    )

    assert (first, second) == (1, 0)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current"]


def test_health_probe_task_keeps_what_the_worker_saw(celery_worker_process):
    health_probe_task.apply_async(ignore_result=False).get(timeout=RESULT_TIMEOUT)

    probe = health_probe_last()
    assert "@" in probe["worker"]  # the worker's node name
    assert {name: check["ok"] for name, check in probe["checks"].items()} == {
        "database": True,
        "redis": True,
    }
