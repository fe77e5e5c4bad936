"""Every report, registered once at start-up (each report module adds its spec here)."""

from analytics.reports.registry import report_register


def reports_register() -> None:
<<<<<<< HEAD
    from analytics.reports import before_after, efficiency, experience, fairness, funnel

    for module in (efficiency, funnel, experience, before_after, fairness):
=======
    from analytics.reports import efficiency, experience, fairness, validity

    for module in (efficiency, experience, fairness, validity):
>>>>>>> main
        report_register(module.SPEC)
