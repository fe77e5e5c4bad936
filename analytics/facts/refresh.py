"""Keep the fact tables fresh: count again what changed since the watermark.

Incremental: every application something was written about since the last run (less
a safety margin for transactions that were still open then) is counted again, and the
fact tables take the difference: its new rows minus the rows it added last time, which
its stored contribution holds (analytics.facts.contributions, .deltas). The work is in
proportion to the applications that changed, not to the size of their buckets. Where
the old rows cannot be known (the candidate's self-identification changed, or the
application was merged away), the bucket (job, week applied) is deleted and counted
again from all its applications instead. All of it in one transaction, so readers see
the old figures or the new ones, never half. The validity facts (hires and their
outcomes, a few thousand rows) are rebuilt whole whenever any hire or outcome changed.

Full: everything is dropped and counted again, contributions included (nightly; also
when the contributions are not all stored yet, and when a difference would leave a
negative count; a change of the report settings, such as the minutes within which a
move counts as undone, shows from the next full rebuild).

One refresh at a time (a PostgreSQL advisory lock); a second one started meanwhile
returns at once and leaves the work to the first.
"""

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from analytics.facts.contributions import (
    Contribution,
    Stored,
    contributions_drop,
    contributions_read,
    contributions_write,
    groups_digest,
)
from analytics.facts.counting import (
    RECRUITING_FACTS,
    FactCounts,
    bucket_of,
    journey_rows,
)
from analytics.facts.deltas import FactsDisagreeError, deltas_apply
from analytics.facts.journeys import journey_of
from analytics.facts.validity import validity_changed_since, validity_rebuild
from analytics.models import (
    CohortFact,
    DurationFact,
    DurationWeekFact,
    RefreshState,
    ReportSettings,
)
from hrflow.core.pgcopy import bulk_load_locking_tables
from recruiting.selectors.reporting import (
    ai_scores,
    application_ids_applied_between,
    application_ids_changed_since,
    application_ids_of_job,
    application_records,
    job_ids_all,
)

logger = logging.getLogger(__name__)
Place = tuple[int, date]

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
        watermark = None if full or not state.contributions_ready else state.watermark
        full = watermark is None
        if watermark is not None:
            since = watermark - SAFETY_MARGIN
            try:
                with transaction.atomic():
                    buckets, applications = _refresh_changed(since, bounce)
            except FactsDisagreeError:
                logger.exception("analytics facts disagree with the contributions: full rebuild")
                full = True
            else:
                if validity_changed_since(since):
                    validity_rebuild()
        if full:
            buckets, applications = _rebuild_all(bounce)
            validity_rebuild()
            state.full_at = started
            state.contributions_ready = True
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
    contributions_drop(None)
    places: set[Place] = set()
    applications = 0
    # The keys and indexes are built once at the end rather than row by row (the
    # tables are locked until the transaction ends either way: TRUNCATE locks them).
    with bulk_load_locking_tables(RECRUITING_FACTS):
        # Job by job: a bucket never spans two jobs, so each job's rows are counted whole
        # and written once. (Batches in id order wrote a bucket's row once per batch that
        # held some of its applications: 862,000 cohort rows at a million applications
        # instead of about a tenth of that, and every report read them all.)
        for job_id in job_ids_all():
            contributions = _count_and_copy(application_ids_of_job(job_id), bounce)
            contributions_write(contributions)
            places.update(c.place for c in contributions)
            applications += len(contributions)
    _duration_weeks_rebuild(None)
    return len(places), applications


def _refresh_changed(since: datetime, bounce: timedelta) -> tuple[int, int]:
    """Count the changed applications again and add the differences; return the
    buckets touched and the applications counted."""
    changed = sorted(application_ids_changed_since(since))
    if not changed:
        return 0, 0
    stored = contributions_read(changed)
    fresh = _contributions_of(changed, bounce)
    # Applications counted again to the same rows (written about without a change that
    # shows in the reports, or brought back by the safety margin): nothing to do.
    same = {pk for pk, new in fresh.items() if pk in stored and stored[pk].same_as(new)}
    changed = [pk for pk in changed if pk not in same]
    fresh = {pk: new for pk, new in fresh.items() if pk not in same}
    stored = {pk: old for pk, old in stored.items() if pk not in same}
    recount = _places_to_recount(stored, fresh)
    delta = FactCounts()
    for pk in changed:
        old, new = stored.get(pk), fresh.get(pk)
        if new is not None and new.place not in recount:
            delta.merge(new.rows)
        if old is not None and new is not None and old.place not in recount:
            # Same digest (else its place would be recounted): the codes it was counted
            # with are the current ones.
            delta.merge(old.rows(new.groups), sign=-1)
    recounted: list[Contribution] = []
    if recount:
        _buckets_delete(recount)
        ids: list[int] = []
        for job, week in sorted(recount):
            start = _local_midnight(week)
            ids.extend(application_ids_applied_between(job, start, start + timedelta(days=7)))
        recounted = _count_and_copy(ids, bounce)
    deltas_apply(delta)
    if recount:
        _duration_weeks_rebuild(sorted({week for _job, week in recount}))
    kept = [c for c in fresh.values() if c.place not in recount]
    contributions_drop(sorted({*changed, *(c.application_id for c in recounted)}))
    contributions_write([*kept, *recounted])
    places = {c.place for c in kept} | {old.place for old in stored.values()}
    return len(places | recount), len(kept) + len(recounted)


def _places_to_recount(stored: dict[int, Stored], fresh: dict[int, Contribution]) -> set[Place]:
    """Buckets whose old rows of some application cannot be rebuilt: its codes changed
    (another digest), or it no longer counts (merged away)."""
    places: set[Place] = set()
    for pk, old in stored.items():
        new = fresh.get(pk)
        if new is None or new.digest != old.digest:
            places.add(old.place)
            if new is not None:
                places.add(new.place)
    return places


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _contributions_of(ids: Sequence[int], bounce: timedelta) -> dict[int, Contribution]:
    """Each application's rows as counted now, read in batches."""
    found: dict[int, Contribution] = {}
    for first in range(0, len(ids), BATCH):
        batch = ids[first : first + BATCH]
        scores = ai_scores(batch)
        for record in application_records(batch):
            journey = journey_of(record, bounce=bounce)
            found[record.pk] = Contribution(
                record.pk,
                bucket_of(journey),
                groups_digest(record.groups),
                journey_rows(journey, scores.get(record.pk, ())),
                record.groups,
            )
    return found


def _count_and_copy(ids: list[int], bounce: timedelta) -> list[Contribution]:
    """Count these applications into one set of rows and write them; return each one's
    contribution (for the caller to store)."""
    counts = FactCounts()
    contributions = list(_contributions_of(ids, bounce).values())
    for contribution in contributions:
        counts.merge(contribution.rows)
    for model in RECRUITING_FACTS:
        counts.copy(model)
    return contributions


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
