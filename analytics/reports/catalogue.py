"""Every report, registered once at start-up (each report module adds its spec here)."""

from analytics.reports.registry import report_register


def reports_register() -> None:
    from analytics.reports import efficiency, experience, fairness, validity

    for module in (efficiency, experience, fairness, validity):
        report_register(module.SPEC)
