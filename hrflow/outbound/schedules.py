from hrflow.core.schedules import PeriodicTaskSpec

OUTBOUND_SCHEDULE = (
    PeriodicTaskSpec(
        name="Push events to webhook subscribers",
        task="outbound.webhooks_deliver",
        # Every minute: https://crontab.guru/#*_*_*_*_*
        minute="*",
        description="POSTs the new employee events to each webhook subscriber, in order.",
    ),
)
