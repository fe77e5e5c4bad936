"""Turn journeys into fact rows: one counter per fact table, keyed by its columns."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import cache
from typing import Any, Protocol

from django.db.models import Model
from django.utils import timezone

from analytics.facts.journeys import MILESTONES, Journey
from analytics.models import (
    ActivityFact,
    AiResultFact,
    ApplicantScoreFact,
    CohortFact,
    DurationFact,
    FairnessFact,
    ScoreFact,
    StageFact,
    SurveyFact,
    fact_key_fields,
)
from hrflow.core.pgcopy import line, lines_copy
from recruiting.selectors.reporting import AI_INTERVIEW_KIND, HIRED, REJECTED, WITHDRAWN

Key = tuple[Any, ...]


@cache
def _zone() -> tzinfo:
    return timezone.get_default_timezone()


def local_day(moment: datetime) -> date:
    """The day in the company's time zone (the default one, read once: this runs a few
    times per application, and timezone.localtime looks the zone up each time)."""
    return moment.astimezone(_zone()).date()


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def minutes_between(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() / 60))


# Durations are kept to the minute under a day, to 5 minutes under a week and to the
# hour beyond (docs/ANALYTICS.md, "Durations"): a median of 19.9 days moves by at most
# half an hour, and a bucket's rows collapse to the values that differ, which is what
# keeps the timing tables fast at a million applications.
EXACT_BELOW_MINUTES = 24 * 60
FIVE_MINUTES_BELOW = 7 * 24 * 60


def duration_bucket(minutes: int) -> int:
    """The value a duration is stored as (the nearest step of its range)."""
    if minutes < EXACT_BELOW_MINUTES:
        return minutes
    step = 5 if minutes < FIVE_MINUTES_BELOW else 60
    return (minutes + step // 2) // step * step  # half up, in integers


class FactCounts:
    """Sums of every fact column per key, ready to insert."""

    def __init__(self) -> None:
        # int for counts and sums of seconds, float only for the score sums.
        self.sums: dict[type[Model], dict[Key, defaultdict[str, Any]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(int))
        )

    def add(self, model: type[Model], key: Key, **values: float) -> None:
        row = self.sums[model][key]
        for column, value in values.items():
            row[column] += value

    def merge(self, rows: "AppRows", sign: int = 1) -> None:
        """Add one application's rows (sign -1: take them away)."""
        for (model, key), values in rows.rows.items():
            row = self.sums[model][key]
            for column, value in values.items():
                row[column] += sign * value

    def copy(self, model: type[Model]) -> int:
        """COPY this table's rows in; return how many."""
        keys = KEYS[model]
        values = VALUES[model]
        lines = (
            line(*key, *(sums.get(column, 0) for column in values))
            for key, sums in self.sums[model].items()
        )
        return lines_copy(model, [*keys, *values], lines)


class AppRows:
    """What one application adds to the fact tables, row by row."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: dict[tuple[type[Model], Key], dict[str, float]] = {}

    def add(self, model: type[Model], key: Key, **values: float) -> None:
        row = self.rows.get((model, key))
        if row is None:
            self.rows[(model, key)] = {column: +value for column, value in values.items()}
            return
        for column, value in values.items():
            row[column] = row.get(column, 0) + value


# The bucket in the order every key tuple starts with.
BUCKET = ("job_id", "department_id", "cohort_week", "source", "vendor")
RECRUITING_FACTS: tuple[type[Model], ...] = (
    CohortFact,
    StageFact,
    ActivityFact,
    DurationFact,
    AiResultFact,
    SurveyFact,
    FairnessFact,
    ScoreFact,
    ApplicantScoreFact,
)
# Each table's key (its unique constraint's columns, the bucket first) and its values.
KEYS: dict[type[Model], tuple[str, ...]] = {
    model: (*BUCKET, *(name for name in fact_key_fields(model) if name not in BUCKET))
    for model in RECRUITING_FACTS
}
VALUES: dict[type[Model], tuple[str, ...]] = {
    model: tuple(
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in KEYS[model]
    )
    for model in RECRUITING_FACTS
}


def journeys_count(
    journeys: Iterable[Journey],
    dimension_scores: dict[int, list[tuple[str, Decimal]]],
    into: FactCounts | None = None,
) -> FactCounts:
    """Count the journeys, adding to `into` when given (one bucket's applications read in
    several batches must end in one row per key)."""
    counts = into if into is not None else FactCounts()
    for journey in journeys:
        _count_one(counts, journey, dimension_scores.get(journey.record.pk, ()))
    return counts


def journey_rows(journey: Journey, scores: Iterable[tuple[str, Decimal]]) -> AppRows:
    """One application's own rows (what a refresh stores, to take away later)."""
    rows = AppRows()
    _count_one(rows, journey, scores)
    return rows


def bucket_of(journey: Journey) -> Key:
    record = journey.record
    return (
        record.job_id,
        record.department_id,
        week_of(local_day(record.applied_at)),
        record.source[:60],
        journey.vendor[:80],
    )


class RowSink(Protocol):
    def add(self, model: type[Model], key: Key, **values: float) -> None: ...


def _count_one(counts: RowSink, journey: Journey, scores: Iterable[tuple[str, Decimal]]) -> None:
    record, bucket = journey.record, bucket_of(journey)
    status = journey.status
    offers = record.offers
    counts.add(
        CohortFact,
        bucket,
        applications=1,
        ai_results=journey.ai_result is not None,
        ai_manual=journey.ai_manual,
        ai_judged=journey.ai_passed is not None,
        ai_passed=journey.ai_passed is True,
        offers_sent=bool(offers),
        offers_accepted="offer_accepted" in journey.milestones,
        hired=status == HIRED,
        rejected=status == REJECTED,
        withdrawn=status == WITHDRAWN,
        hr_applications=journey.hr_seconds is not None,
        hr_seconds=round(journey.hr_seconds or 0),
    )
    for kind in journey.reached:
        ended = journey.ended_in(kind)
        counts.add(
            StageFact,
            (*bucket, kind),
            reached=1,
            moved_on=journey.left_forward(kind),
            rejected=ended == REJECTED,
            withdrawn=ended == WITHDRAWN,
        )
    for segment in journey.segments:
        counts.add(
            ActivityFact, (*bucket, local_day(segment.start), segment.kind, "entered"), count=1
        )
        if segment.end is not None and segment.kind != "hired":
            seconds = (segment.end - segment.start).total_seconds()
            counts.add(StageFact, (*bucket, segment.kind), stays=1, stay_seconds=round(seconds))
            _duration(counts, bucket, f"stage:{segment.kind}", segment.start, segment.end)
    if status in (HIRED, REJECTED, WITHDRAWN) and journey.ended_at is not None:
        last = journey.segments[-1].kind if journey.segments else ""
        counts.add(ActivityFact, (*bucket, local_day(journey.ended_at), last, status), count=1)
    _durations(counts, bucket, journey)
    _ai_result(counts, bucket, journey)
    _surveys(counts, bucket, journey)
    _fairness(counts, bucket, journey)
    for predictor, score in scores:
        value = float(score)
        counts.add(
            ApplicantScoreFact, (*bucket, predictor), n=1, total=value, total_squares=value * value
        )


def _duration(counts: RowSink, bucket: Key, metric: str, start: datetime, end: datetime) -> None:
    if end < start:
        return
    counts.add(
        DurationFact,
        (*bucket, metric, local_day(end), duration_bucket(minutes_between(start, end))),
        count=1,
    )


def _durations(counts: RowSink, bucket: Key, journey: Journey) -> None:
    found = journey.milestones
    for first, start in enumerate(MILESTONES):
        for end in MILESTONES[first + 1 :]:
            if start in found and end in found:
                _duration(counts, bucket, f"ttf:{start}>{end}", found[start], found[end])
    if journey.hr_seconds is not None and journey.ended_at is not None:
        counts.add(
            DurationFact,
            (
                *bucket,
                "hr_handling",
                local_day(journey.ended_at),
                duration_bucket(round(journey.hr_seconds / 60)),
            ),
            count=1,
        )
    result = journey.ai_result
    if result is not None and journey.first_feedback_at is not None:
        _duration(counts, bucket, "ai_to_feedback", result.received_at, journey.first_feedback_at)


def _ai_result(counts: RowSink, bucket: Key, journey: Journey) -> None:
    result = journey.ai_result
    if result is None:
        return
    counts.add(
        AiResultFact,
        (
            *bucket,
            week_of(local_day(result.received_at)),
            journey.ai_stage_kind,
            journey.rule_version[:140],
        ),
        results=1,
        manual=journey.ai_manual,
        judged=journey.ai_passed is not None,
        passed=journey.ai_passed is True,
    )


def _surveys(counts: RowSink, bucket: Key, journey: Journey) -> None:
    record = journey.record
    answered = {answer.moment: answer for answer in record.answers}
    due = []
    ai_done = any(r.kind == AI_INTERVIEW_KIND for r in record.results)
    if ai_done:
        due.append("after_ai_interview")
    if journey.status in (HIRED, REJECTED):
        due.append("after_decision")
    feedback = 0
    waited: int | None = None
    if journey.ai_result is not None and journey.first_feedback_at is not None:
        feedback = minutes_between(journey.ai_result.received_at, journey.first_feedback_at)
        waited = feedback
    for moment in sorted(set(due) | set(answered)):
        answer = answered.get(moment)
        after_ai = moment == "after_ai_interview"
        key = (
            *bucket,
            moment,
            journey.furthest,
            journey.status,
            week_of(local_day(answer.at)) if answer else None,
            answer.rating if answer else 0,
            feedback_band(waited) if after_ai else "",
        )
        counts.add(
            SurveyFact,
            key,
            count=1,
            feedback_minutes=feedback if after_ai else 0,
        )


# Upper bounds (minutes, exclusive) of the waits for feedback the experience report bands.
FEEDBACK_BANDS = (("under_1d", 1440), ("1_3d", 3 * 1440), ("3_7d", 7 * 1440))


def feedback_band(minutes: int | None) -> str:
    """The band of a wait from AI result to first feedback ("" when none came yet)."""
    if minutes is None:
        return ""
    return next((band for band, below in FEEDBACK_BANDS if minutes < below), "over_7d")


def _fairness(counts: RowSink, bucket: Key, journey: Journey) -> None:
    groups = journey.record.groups
    codes = (groups.gender, groups.age_band, groups.ethnicity, groups.disability)
    for kind in journey.reached:
        rule = journey.rule_version[:140] if kind == journey.ai_stage_kind else ""
        selected = journey.left_forward(kind)
        counts.add(
            FairnessFact,
            (*bucket, kind, rule, *codes),
            reached=1,
            decided=selected or journey.ended_in(kind) == REJECTED,
            selected=selected,
        )
    result = journey.ai_result
    if result is not None and result.score is not None:
        counts.add(ScoreFact, (*bucket, *codes, result.score), count=1)
