"""Drill-down tests for figures counted by when something happened (activity, time to
hire, before/after), not by when the application applied.

Such a figure holds applications that applied long before its days, so its address
names the days (`day_from`, `day_to`) and a wide applied-range filter
(`window_filter`); the tests below keep the applications whose event fell on those days,
read the same way the facts were counted (analytics.facts.counting).
"""

from dataclasses import replace
from datetime import date, timedelta

from analytics.drilldown.predicates import drill_test_register
from analytics.facts.counting import local_day, week_of
from analytics.facts.journeys import MILESTONES, Journey
from analytics.reports.filters import LONGEST_DAYS, ReportFilter

Params = dict[str, str]


def window_filter(flt: ReportFilter, day_to: date) -> ReportFilter:
    """The filter a drill-down of days ending `day_to` scans: applications that applied
    in the five years before (the longest range the filter form takes)."""
    return replace(flt, start=day_to - timedelta(days=LONGEST_DAYS), end=day_to)


def _within(day: date, params: Params) -> bool:
    return date.fromisoformat(params["day_from"]) <= day <= date.fromisoformat(params["day_to"])


def entered_stage(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Entered the stage on one of the days (the activity view's entries)."""
    stage = params.get("stage", "")
    return any(s.kind == stage and _within(local_day(s.start), params) for s in journey.segments)


def ended_as(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Ended (hired, rejected, withdrawn: `event`) on one of the days."""
    return (
        journey.status == params.get("event")
        and journey.ended_at is not None
        and _within(local_day(journey.ended_at), params)
    )


def time_to_hire_ended(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Reached both milestones, the end one on one of the days and not before the start
    (a time to hire counted in the DurationFact)."""
    start, end = params.get("tth_start", ""), params.get("tth_end", "")
    if start not in MILESTONES or end not in MILESTONES:
        return False
    found = journey.milestones
    if start not in found or end not in found or found[end] < found[start]:
        return False
    return _within(local_day(found[end]), params)


def ai_result_in_weeks(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Its AI result arrived in a week (Monday) between the days; `manual=1`: typed in."""
    result = journey.ai_result
    if result is None or not _within(week_of(local_day(result.received_at)), params):
        return False
    return journey.ai_manual if params.get("manual") == "1" else True


def survey_answered_in_weeks(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Answered a satisfaction survey (rating 1-5) in a week between the days."""
    return any(
        answer.rating >= 1 and _within(week_of(local_day(answer.at)), params)
        for answer in journey.record.answers
    )


def ai_passed_cohort(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    """Its AI result passed, whenever it arrived (the cohort view's pass rate)."""
    return journey.ai_passed is True


def ai_judged_cohort(journey: Journey, params: Params, flt: ReportFilter) -> bool:
    return journey.ai_passed is not None


def window_tests_register() -> None:
    drill_test_register("entered", entered_stage)
    drill_test_register("ended", ended_as)
    drill_test_register("ttf", time_to_hire_ended)
    drill_test_register("ai_result_weeks", ai_result_in_weeks)
    drill_test_register("survey_weeks", survey_answered_in_weeks)
    drill_test_register("ai_passed_cohort", ai_passed_cohort)
    drill_test_register("ai_judged_cohort", ai_judged_cohort)
