"""Every report, registered once at start-up (each report module adds its spec here)."""

from analytics.reports.registry import report_register


def reports_register() -> None:
    from analytics.reports import efficiency, experience, fairness

    for module in (efficiency, experience, fairness):
        report_register(module.SPEC)
