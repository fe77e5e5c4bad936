"""Every report, registered once at start-up (each report module adds its spec here)."""

from analytics.reports import before_after, efficiency, experience, fairness, funnel, validity
from analytics.reports.registry import report_register


def reports_register() -> None:
    for module in (efficiency, funnel, experience, validity, before_after, fairness):
        report_register(module.SPEC)
