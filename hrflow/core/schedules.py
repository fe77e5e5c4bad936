"""The registry of periodic tasks: each app adds its own from `AppConfig.ready()`.

`python manage.py setup_periodic_tasks` writes them into django-celery-beat's
tables, where admins can then change times or switch tasks off; running it
again adds what is new and leaves an admin's edits alone. Core names no task of
a higher app: recruiting's live in `recruiting/schedules.py`, and so on.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


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
    # True: the cron fields are read in the deployment's time zone (TIME_ZONE), for
    # tasks people expect at an hour of their own day ("Monday 08:30"); False: UTC.
    local_time: bool = False


_schedule: dict[str, PeriodicTaskSpec] = {}


def schedule_register(specs: Iterable[PeriodicTaskSpec]) -> None:
    """Add an app's periodic tasks; the same spec again is a no-op, another spec under
    a name already taken a programming error (the name is the row admins edit)."""
    for spec in specs:
        known = _schedule.get(spec.name)
        if known is not None and known != spec:
            raise ImproperlyConfigured(f"two periodic tasks are called {spec.name!r}")
        _schedule[spec.name] = spec


def registered_schedule() -> tuple[PeriodicTaskSpec, ...]:
    """Every app's periodic tasks, in the order the apps registered them."""
    return tuple(_schedule.values())
