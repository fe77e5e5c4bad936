"""Analytics' periodic tasks, registered from `AnalyticsConfig.ready()`."""

from analytics.task_names import FACTS_REBUILD, FACTS_REFRESH, WEEKLY_DIGEST
from hrflow.core.schedules import PeriodicTaskSpec

ANALYTICS_SCHEDULE = (
    PeriodicTaskSpec(
        name="Analytics refresh",
        task=FACTS_REFRESH,
        # Every 5 minutes: https://crontab.guru/#*/5_*_*_*_*
        minute="*/5",
        description="Counts again the applications that changed since the last run.",
    ),
    PeriodicTaskSpec(
        name="Analytics full rebuild",
        task=FACTS_REBUILD,
        # 03:40 every night, local time: https://crontab.guru/#40_3_*_*_*
        minute="40",
        hour="3",
        local_time=True,
        description="Counts every report fact again from scratch (catches deletions).",
    ),
    PeriodicTaskSpec(
        name="Analytics weekly digest",
        task=WEEKLY_DIGEST,
        # Mondays at 08:30, local time: https://crontab.guru/#30_8_*_*_1
        minute="30",
        hour="8",
        day_of_week="1",
        local_time=True,
        description="Sends last week's figures to the HR admins and the team-chat robots.",
    ),
)
