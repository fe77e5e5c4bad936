"""Core's own periodic tasks, registered from `CoreConfig.ready()`."""

from hrflow.core.schedules import PeriodicTaskSpec

CORE_SCHEDULE = (
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
        name="Clear expired sessions",
        task="core.clear_expired_sessions",
        # 03:17 every day: https://crontab.guru/#17_3_*_*_*
        minute="17",
        hour="3",
        local_time=True,
        description="Deletes expired staff sessions from the database.",
    ),
    PeriodicTaskSpec(
        name="Sweep orphaned file copies",
        task="core.stored_files_sweep",
        # 03:41 every day: https://crontab.guru/#41_3_*_*_*
        minute="41",
        hour="3",
        local_time=True,
        description=("Deletes copied files no row points to (a hire killed mid-way leaves them)."),
    ),
)
