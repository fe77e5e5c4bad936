"""Analytics' periodic tasks, registered from `AnalyticsConfig.ready()`."""

from analytics.task_names import FACTS_REBUILD, FACTS_REFRESH
from hrflow.core.schedules import PeriodicTaskSpec

ANALYTICS_SCHEDULE = (
    PeriodicTaskSpec(
        name="Analytics refresh",
        task=FACTS_REFRESH,
        # Every 5 minutes: https://crontab.guru/#*/5_*_*_*_*
        minute="*/5",
        description="Recounts the report buckets whose applications changed since the last run.",
    ),
    PeriodicTaskSpec(
        name="Analytics full rebuild",
        task=FACTS_REBUILD,
        # 03:40 every night: https://crontab.guru/#40_3_*_*_*
        minute="40",
        hour="3",
        description="Counts every report fact again from scratch (catches deletions).",
    ),
)
