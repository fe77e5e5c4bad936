"""The Celery baseline of docs/RELIABILITY.md section 1.1, read where it takes effect."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hrflow.celery import app

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_late_acks_and_reject_on_worker_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is True


def test_broker_connection_carries_the_timeout_and_a_fast_restore_sweep():
    """What kombu's Redis channel actually gets, not what our settings module says."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        assert channel.visibility_timeout == app.conf.visibility_timeout
        # sweep period ~ interval x throttle: 10 s instead of kombu's ~100 s
        assert channel.unacked_restore_interval * channel.unacked_restore_throttle <= 10
    backend_options = app.conf.result_backend_transport_options
    assert backend_options["visibility_timeout"] == app.conf.visibility_timeout


def test_visibility_timeout_outlives_every_task_and_countdown():
    """A task or countdown longer than the timeout would be delivered twice."""
    from django.conf import settings

    timeout = app.conf.visibility_timeout
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < timeout
    assert timeout > settings.CELERY_MAX_COUNTDOWN


@pytest.mark.slow
def test_a_visibility_timeout_shorter_than_a_task_refuses_to_start():
    """An operator lowering CELERY_VISIBILITY_TIMEOUT below the time limit is stopped at boot."""
    env = {**os.environ, "CELERY_VISIBILITY_TIMEOUT": "600"}
    env["DJANGO_SETTINGS_MODULE"] = "hrflow.settings.local"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT (600 s) must exceed" in result.stderr


def test_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_a_plain_worker_consumes_every_queue_tasks_are_routed_to():
    """`celery -A hrflow worker` without -Q must not leave a routed queue unread."""
    declared = set(app.amqp.queues)
    router = app.amqp.router
    for task_name in ("integrations.vuesim_sync", "notifications.deliver", "core.beat_heartbeat"):
        assert router.route({}, task_name)["queue"].name in declared
    assert declared == {"default", "integrations", "notifications"}


def test_beat_uses_the_database_scheduler():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
