"""Keep the fact tables fresh: rebuild the buckets that changed since the watermark.

Incremental: every application something was written about since the last run (less
a safety margin for transactions that were still open then) names its bucket (job,
week applied); each such bucket is deleted and counted again from all its
applications, in one transaction, so readers see the old figures or the new ones,
never half. The validity facts (hires and their outcomes, a few thousand rows) are
rebuilt whole whenever any hire or outcome changed. Full: everything is dropped and
counted again (nightly; a change of the report settings, such as the
minutes within which a move counts as undone, shows from the next full rebuild).

One refresh at a time (a PostgreSQL advisory lock); a second one started meanwhile
returns at once and leaves the work to the first.
"""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from analytics.facts.counting import (
    RECRUITING_FACTS,
    FactCounts,
    journeys_count,
    local_day,
    week_of,
)
from analytics.facts.journeys import journey_of
from analytics.facts.validity import validity_changed_since, validity_rebuild
from analytics.models import (
    CohortFact,
    DurationFact,
    DurationWeekFact,
    RefreshState,
    ReportSettings,
)
from recruiting.selectors.reporting import (
    ai_scores,
    application_ids_applied_between,
    application_ids_changed_since,
    application_ids_of_job,
    application_placement,
    application_records,
    job_ids_all,
)

LOCK_KEY = 0x414E4C59  # "ANLY"
# Rows written by a transaction that began before the last run but committed after it
# carry times before the watermark: look back this far to catch them.
SAFETY_MARGIN = timedelta(minutes=5)
BATCH = 4000
STATE_NAME = "facts"


@dataclass(frozen=True)
class RefreshOutcome:
    full: bool
    buckets: int
    applications: int
    seconds: float
    watermark: datetime


def refresh_run(*, full: bool = False) -> RefreshOutcome | None:
    """Bring the facts up to date; None when another refresh holds the lock."""
    outcome = _refresh_locked(full=full)
    if outcome is not None and outcome.full:
        _vacuum_facts()
    return outcome


def _vacuum_facts() -> None:
    """After a rebuild every fact row is new: VACUUM marks the pages all-visible, so the
    reports' covering indexes are read without touching the table (index-only scans),
    and ANALYZE gives the planner the new sizes. VACUUM cannot run inside a transaction
    (a test's, a caller's): there only ANALYZE runs."""
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        tables = [model._meta.db_table for model in RECRUITING_FACTS]
        for table in [*tables, DurationWeekFact._meta.db_table]:
            cursor.execute(f"{statement} {table}")


def _refresh_locked(*, full: bool) -> RefreshOutcome | None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            return None
        started, clock = timezone.now(), time.monotonic()
        state, _created = RefreshState.objects.select_for_update().get_or_create(name=STATE_NAME)
        bounce = timedelta(minutes=report_settings().bounce_minutes)
        if full or state.watermark is None:
            buckets, applications = _rebuild_all(bounce)
            validity_rebuild()
            state.full_at = started
            full = True
        else:
            since = state.watermark - SAFETY_MARGIN
            buckets, applications = _rebuild_changed(since, bounce)
            if validity_changed_since(since):
                validity_rebuild()
        state.watermark = started
        state.refreshed_at = timezone.now()
        state.buckets = buckets
        state.sources, state.vendors = _filter_choices()
        state.seconds = time.monotonic() - clock
        state.save()
        return RefreshOutcome(full, buckets, applications, state.seconds, started)


def _filter_choices() -> tuple[list[str], list[str]]:
    sources = CohortFact.objects.exclude(source="").order_by().values_list("source", flat=True)
    vendors = CohortFact.objects.exclude(vendor="").order_by().values_list("vendor", flat=True)
    return sorted(set(sources.distinct())), sorted(set(vendors.distinct()))


def report_settings() -> ReportSettings:
    found = ReportSettings.objects.order_by("pk").first()
    return found if found is not None else ReportSettings()


def facts_state() -> RefreshState:
    """When the facts were last brought up to date (every report shows it), and the
    sources and vendors they hold."""
    return RefreshState.objects.filter(name=STATE_NAME).first() or RefreshState(name=STATE_NAME)


def _rebuild_all(bounce: timedelta) -> tuple[int, int]:
    with connection.cursor() as cursor:
        for model in RECRUITING_FACTS:
            cursor.execute(f"TRUNCATE {model._meta.db_table}")
    buckets: set[tuple[int, date]] = set()
    applications = 0
    # Job by job: a bucket never spans two jobs, so each job's rows are counted whole and
    # written once. (Batches in id order wrote a bucket's row once per batch that held
    # some of its applications: 862,000 cohort rows at a million applications instead
    # of about a tenth of that, and every report read them all.)
    for job_id in job_ids_all():
        applications += _count_and_copy(application_ids_of_job(job_id), bounce, buckets)
    _duration_weeks_rebuild(None)
    return len(buckets), applications


def _rebuild_changed(since: datetime, bounce: timedelta) -> tuple[int, int]:
    changed = application_ids_changed_since(since)
    keys = sorted(
        {(job, week_of(local_day(applied))) for job, applied in application_placement(changed)}
    )
    if not keys:
        return 0, 0
    _buckets_delete(keys)
    ids: list[int] = []
    for job, week in keys:
        start = _local_midnight(week)
        ids.extend(application_ids_applied_between(job, start, start + timedelta(days=7)))
    counted = _count_and_copy(ids, bounce, set())
    _duration_weeks_rebuild(sorted({week for _job, week in keys}))
    return len(keys), counted


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _count_and_copy(ids: list[int], bounce: timedelta, buckets: set[tuple[int, date]]) -> int:
    """Count these applications in batches into one set of rows, then write them."""
    counts = FactCounts()
    applications = 0
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        records = application_records(batch)
        journeys = [journey_of(record, bounce=bounce) for record in records]
        journeys_count(journeys, ai_scores(batch), into=counts)
        buckets.update((r.job_id, week_of(local_day(r.applied_at))) for r in records)
        applications += len(records)
    for model in RECRUITING_FACTS:
        counts.copy(model)
    return applications


def _duration_weeks_rebuild(weeks: Sequence[date] | None) -> None:
    """Sum DurationFact into DurationWeekFact for these cohort weeks (None: every week)."""
    table, source = DurationWeekFact._meta.db_table, DurationFact._meta.db_table
    with connection.cursor() as cursor:
        if weeks is None:
            cursor.execute(f"TRUNCATE {table}")
            where, params = "", []
        else:
            cursor.execute(
                f"DELETE FROM {table} WHERE cohort_week = ANY(%s::date[])",  # noqa: S608
                [list(weeks)],
            )
            where, params = "WHERE cohort_week = ANY(%s::date[])", [list(weeks)]
        cursor.execute(
            # Table names are the models', never input.
            f"INSERT INTO {table} (cohort_week, metric, minutes, count) "  # noqa: S608
            f"SELECT cohort_week, metric, minutes, SUM(count) FROM {source} {where} "
            "GROUP BY cohort_week, metric, minutes",
            params,
        )


def _buckets_delete(keys: Iterable[tuple[int, date]]) -> None:
    jobs, weeks = zip(*keys, strict=True)
    with connection.cursor() as cursor:
        for model in RECRUITING_FACTS:
            cursor.execute(
                # The table name is a model's, never input.
                f"DELETE FROM {model._meta.db_table} WHERE (job_id, cohort_week) IN "  # noqa: S608
                "(SELECT * FROM unnest(%s::bigint[], %s::date[]))",
                [list(jobs), list(weeks)],
            )
