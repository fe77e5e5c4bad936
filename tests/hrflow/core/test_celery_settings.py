"""The Celery reliability baseline of RELIABILITY.md 1.1, checked on the live app."""

from hrflow.celery import app


def test_late_acks_and_reject_on_worker_lost():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.worker_cancel_long_running_tasks_on_connection_loss is True


def test_visibility_timeout_is_the_same_in_all_three_places():
    """celery#7651: a timeout missing in one place falls back to one hour there."""
    broker = app.conf.broker_transport_options["visibility_timeout"]
    backend = app.conf.result_backend_transport_options["visibility_timeout"]
    assert broker == backend == app.conf.visibility_timeout


def test_visibility_timeout_outlives_every_task_and_countdown():
    """A task or countdown longer than the timeout would be delivered twice."""
    from django.conf import settings

    timeout = app.conf.visibility_timeout
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < timeout
    assert timeout > settings.CELERY_MAX_COUNTDOWN


def test_json_only():
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_tasks_are_routed_to_their_queues():
    router = app.amqp.router
    assert router.route({}, "integrations.vuesim_sync")["queue"].name == "integrations"
    assert router.route({}, "notifications.deliver")["queue"].name == "notifications"
    assert router.route({}, "core.beat_heartbeat")["queue"].name == "default"


def test_beat_uses_the_database_scheduler():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"
