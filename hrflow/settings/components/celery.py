"""Celery settings: the reliability baseline of shared/RELIABILITY.md section 1.1.

Every number here is tied to one other: no task, countdown or retry delay may
outlive the broker's visibility timeout, or Redis hands the message to a second
worker while the first still runs it (celery#7651).
"""

from hrflow.env import env

_redis_url = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=_redis_url)
# Results are not used for control flow (the database is the source of truth);
# they are kept briefly so that operators and the health check can read them.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=_redis_url)
CELERY_RESULT_EXPIRES = 60 * 60

# Limits, lowest to highest. VISIBILITY_TIMEOUT must stay the largest.
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_MAX_COUNTDOWN = 15 * 60  # longest countdown/retry delay a task may ask for
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)

_transport_options = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Restore unacked messages of a dead worker soon after the timeout
    # instead of at kombu's default ~100 s sweep (kombu PR #2558).
    "unacked_restore_interval": 10,
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

CELERY_TASK_DEFAULT_QUEUE = "default"
# One queue per kind of work, so a slow vendor cannot starve notifications.
CELERY_TASK_ROUTES = {
    "integrations.*": {"queue": "integrations"},
    "recruiting.sync_*": {"queue": "integrations"},
    "notifications.*": {"queue": "notifications"},
}
CELERY_WORKER_QUEUES = ["default", "integrations", "notifications"]

# Periodic tasks live in the database so admins can change them in Django
# admin; hrflow.core.schedules declares the defaults that `setup_periodic_tasks` installs.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
