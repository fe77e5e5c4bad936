"""Every periodic task hrflow ships, in one place.

`python manage.py setup_periodic_tasks` writes these into django-celery-beat's
tables, where admins can then change times or switch tasks off; running it
again adds what is new and leaves an admin's edits alone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicTaskSpec:
    name: str
    task: str
    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    queue: str | None = None
    description: str = ""


DEFAULT_SCHEDULE: tuple[PeriodicTaskSpec, ...] = (
    PeriodicTaskSpec(
        name="Beat heartbeat",
        task="core.beat_heartbeat",
        # Every minute: https://crontab.guru/#*_*_*_*_*
        minute="*",
        description="Proves beat and a worker run; /healthz and the admin show its age.",
    ),
    PeriodicTaskSpec(
        name="System status probe",
        task="core.health_probe",
        # Every minute: https://crontab.guru/#*_*_*_*_*
        minute="*",
        description=(
            "Checks the database and Redis from a worker; the dashboard's status panel "
            "shows the result and its age instead of pinging workers while HR waits."
        ),
    ),
    PeriodicTaskSpec(
        name="Vendor syncs",
        task="recruiting.sync_due_connections",
        # Every minute: https://crontab.guru/#*_*_*_*_* (each connection keeps its own interval)
        minute="*",
        queue="integrations",
        description="Starts a pull sync for every active vendor connection whose interval is up.",
    ),
    PeriodicTaskSpec(
        name="Deliver notifications",
        task="notifications.deliver_due",
        # Every minute: https://crontab.guru/#*_*_*_*_* (commits wake it at once; this
        # sends delayed messages when due and anything a broker outage left behind)
        minute="*",
        queue="notifications",
        description="Sends due outbox messages and settles those a stopped worker left mid-send.",
    ),
    PeriodicTaskSpec(
        name="Clear expired sessions",
        task="core.clear_expired_sessions",
        # 03:17 every day: https://crontab.guru/#17_3_*_*_*
        minute="17",
        hour="3",
        description="Deletes expired staff sessions from the database.",
    ),
)
