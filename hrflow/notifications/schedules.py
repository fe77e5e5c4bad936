"""Notifications' periodic tasks, registered from `NotificationsConfig.ready()`."""

from hrflow.core.schedules import PeriodicTaskSpec

NOTIFICATIONS_SCHEDULE = (
    PeriodicTaskSpec(
        name="Deliver notifications",
        task="notifications.deliver_due",
        # Every minute: https://crontab.guru/#*_*_*_*_* (commits wake it at once; this
        # sends delayed messages when due and anything a broker outage left behind)
        minute="*",
        queue="notifications",
        description="Sends due outbox messages and settles those a stopped worker left mid-send.",
    ),
)
