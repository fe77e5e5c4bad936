"""Which applications a figure counted, as a test on each one's journey.

The facts are counted from journeys (analytics.facts.counting); a figure's list is
found by reading the same journeys and keeping those the same test accepts, so the
list and the figure cannot disagree. Each metric names its test; the figure's other
coordinates (period, stage, rule version...) come as parameters.
"""

from collections.abc import Callable
from datetime import date

from analytics.facts.counting import local_day, week_of
from analytics.facts.journeys import Journey
from analytics.reports.filters import ReportFilter
from recruiting.selectors.reporting import HIRED, REJECTED, WITHDRAWN

Test = Callable[[Journey, dict[str, str], ReportFilter], bool]


def _in_result_period(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    """For figures counted by the week the AI result arrived: in the period asked for
    (or anywhere in the filter's period when none is named)."""
    result = journey.ai_result
    if result is None:
        return False
    week = week_of(local_day(result.received_at))
    if not flt.start <= week <= flt.end:
        return False
    period = params.get("period")
    if period and flt.period_of(week).isoformat() != period:
        return False
    for name, value in (
        ("rule_version", journey.rule_version),
        ("stage_kind", journey.ai_stage_kind),
    ):
        if name in params and params[name] != value:
            return False
    return True


def _ai_passed(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return journey.ai_passed is True and _in_result_period(journey, params, flt)


def _ai_manual(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return journey.ai_manual and _in_result_period(journey, params, flt)


def _ai_result(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return _in_result_period(journey, params, flt)


def _reached(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return params.get("stage", "") in journey.reached


def _moved_on(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return journey.left_forward(params.get("stage", ""))


def _status(status: str) -> Test:
    return lambda journey, params, flt: journey.status == status


def _milestone(name: str) -> Test:
    return lambda journey, params, flt: name in journey.milestones


def _everyone(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    return True


def _cohort_period(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:
    period = params.get("cohort")
    if not period:
        return True
    week = week_of(local_day(journey.record.applied_at))
    return flt.period_of(week) == date.fromisoformat(period)


TESTS: dict[str, Test] = {
    "applications": _everyone,
    "ai_results": _ai_result,
    "ai_passed": _ai_passed,
    "ai_manual": _ai_manual,
    "reached": _reached,
    "moved_on": _moved_on,
    "hired": _status(HIRED),
    "rejected": _status(REJECTED),
    "withdrawn": _status(WITHDRAWN),
    "offers_sent": _milestone("offer_sent"),
    "offers_accepted": _milestone("offer_accepted"),
}


def drill_test_register(metric: str, test: Test) -> None:
    """Reports add the tests of their own figures."""
    TESTS[metric] = test


def drill_accepts(journey: Journey, metric: str, params: dict[str, str], flt: ReportFilter) -> bool:
    test = TESTS.get(metric)
    if test is None:
        return False
    if flt.vendor and journey.vendor != flt.vendor:
        return False
    if "vendor" in params and journey.vendor != params["vendor"]:
        return False
    try:
        return _cohort_period(journey, params, flt) and test(journey, params, flt)
    except ValueError:
        return False
