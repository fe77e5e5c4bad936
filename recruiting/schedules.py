"""Recruiting's periodic tasks, registered from `RecruitingConfig.ready()`."""

from hrflow.core.schedules import PeriodicTaskSpec
from recruiting.task_names import VENDOR_WORK_RESUME

RECRUITING_SCHEDULE = (
    PeriodicTaskSpec(
        name="Vendor syncs",
        task=VENDOR_WORK_RESUME,
        # Every minute: https://crontab.guru/#*_*_*_*_* (each connection keeps its own interval)
        minute="*",
        queue="integrations",
        description="Starts a pull sync for every active vendor connection whose interval is up.",
    ),
)
