"""Celery settings: the reliability baseline of docs/RELIABILITY.md section 1.1.

Every number here is tied to one other: no task, countdown or retry delay may
outlive the broker's visibility timeout, or Redis hands the message to a second
worker while the first still runs it (celery#7651). The check at the bottom
refuses to start with a configuration that breaks that rule.
"""

from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from hrflow.env import env
from recruiting import task_names

_redis_url = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=_redis_url)
# Results are not used for control flow (the database is the source of truth);
# they are kept briefly so that operators and tests can read them.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_redis_url)
CELERY_RESULT_EXPIRES = 60 * 60

# Limits, lowest to highest. VISIBILITY_TIMEOUT must stay the largest.
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_MAX_COUNTDOWN = 15 * 60  # longest countdown/retry delay a task may ask for
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)

_transport_options = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Sweep for unacked messages of a dead worker every 10 s and scan on every
    # sweep (throttle 1): kombu's default throttle of 10 makes it ~100 s, so a
    # lost message would return only ~100 s after the timeout (kombu PR #2558).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # A broker that vanishes without closing TCP must not hang a publish forever.
    "socket_timeout": 30,
    "socket_connect_timeout": 5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = dict(_transport_options)
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = dict(_transport_options)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# At-least-once delivery: ack after the task ran, and hand the message back when
# the child process dies mid-task; every task must therefore be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10.0
CELERY_WORKER_ENABLE_SOFT_SHUTDOWN_ON_IDLE = True

# JSON only: no pickle, so a message cannot execute code; arguments are ids,
# never personal data, because messages sit in Redis and its unacked copies.
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_TRACK_STARTED = True

CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True

# One queue per kind of work, so a slow vendor cannot starve notifications.
# Declared here, a plain `celery -A hrflow worker` consumes all of them.
CELERY_TASK_QUEUES = (Queue("default"), Queue("integrations"), Queue("notifications"))
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "integrations.*": {"queue": "integrations"},
    # recruiting's vendor work, by its names and those of earlier releases
    **{
        name: {"queue": "integrations"}
        for name in (*task_names.VENDOR_TASKS, *task_names.FORMER_NAMES)
    },
    "notifications.*": {"queue": "notifications"},
}

# Periodic tasks live in the database so admins can change them in Django
# admin; hrflow.core.schedules declares the defaults that `setup_periodic_tasks` installs.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"


def check_visibility_timeout(timeout: int, *, longest: int) -> None:
    """Refuse a visibility timeout that some task or countdown could outlive."""
    if timeout <= longest:
        raise ImproperlyConfigured(
            f"CELERY_VISIBILITY_TIMEOUT ({timeout} s) must exceed the longest task time "
            f"limit or countdown ({longest} s), or Redis re-delivers tasks still running."
        )


check_visibility_timeout(
    CELERY_VISIBILITY_TIMEOUT, longest=max(CELERY_TASK_TIME_LIMIT, CELERY_MAX_COUNTDOWN)
)
