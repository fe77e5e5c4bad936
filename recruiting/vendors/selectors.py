"""Reads behind the integration health page and the "why did it not sync?" lookup.

A fixed number of queries per page: figures are aggregated per connection in
SQL, never counted row by row.
"""

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils import timezone

from integrations.models import (
    DeadLetter,
    HeldPayload,
    IngestTrace,
    PulledBatch,
    SyncRun,
    VendorConnection,
    WebhookEvent,
)
from recruiting.models import Application, Assessment, Candidate, Stage
from recruiting.normalize import normalize_email, normalize_phone

# A row still "received" after this lost its wake-up (the broker was away at commit).
STALE_RECEIVED = timedelta(minutes=2)
# A row "processing" this long was claimed by a worker that died.
STALE_PROCESSING = timedelta(minutes=10)
STALLED_BATCH = 1000

WINDOW = timedelta(hours=24)
INGESTED = ("created", "updated")


@dataclass
class ConnectionHealth:
    connection: VendorConnection
    runs: int = 0
    failed_runs: int = 0
    results_last_day: int = 0
    held_open: int = 0
    dead_letters: int = 0
    pending_webhooks: int = 0
    oldest_pending: datetime | None = None
    # Pulled and stored, not yet recorded by the lanes.
    pending_pulled: int = 0
    oldest_pulled: datetime | None = None

    @property
    def error_rate(self) -> float | None:
        return self.failed_runs / self.runs if self.runs else None

    @property
    def results_per_hour(self) -> float:
        return self.results_last_day / 24

    @property
    def lag(self) -> timedelta | None:
        """How old the oldest result we may not hold yet can be."""
        now = timezone.now()
        candidates = [self.connection.watermark, self.oldest_pending, self.oldest_pulled]
        known = [moment for moment in candidates if moment is not None]
        if not known:
            return None
        return max(timedelta(0), now - min(known))

    @property
    def healthy(self) -> bool:
        return (
            self.connection.state == VendorConnection.State.ACTIVE
            and not self.dead_letters
            and (self.error_rate or 0) < 0.5
        )


def connections_health() -> list[ConnectionHealth]:
    """Every live connection with its figures for the last day (six queries)."""
    since = timezone.now() - WINDOW
    connections = list(VendorConnection.objects.filter(deleted_at__isnull=True).order_by("name"))
    rows = {c.pk: ConnectionHealth(c) for c in connections}
    runs = (
        SyncRun.objects.filter(started_at__gte=since)
        .values("connection_id")
        .annotate(total=Count("pk"), failed=Count("pk", filter=Q(status=SyncRun.Status.FAILED)))
    )
    for row in runs:
        if row["connection_id"] in rows:
            rows[row["connection_id"]].runs = row["total"]
            rows[row["connection_id"]].failed_runs = row["failed"]
    for row in (
        IngestTrace.objects.filter(created_at__gte=since, outcome__in=INGESTED)
        .values("connection_id")
        .annotate(total=Count("pk"))
    ):
        if row["connection_id"] in rows:
            rows[row["connection_id"]].results_last_day = row["total"]
    for row in (
        HeldPayload.objects.filter(status=HeldPayload.Status.OPEN)
        .values("connection_id")
        .annotate(total=Count("pk"))
    ):
        if row["connection_id"] in rows:
            rows[row["connection_id"]].held_open = row["total"]
    for row in (
        DeadLetter.objects.filter(resolved_at__isnull=True)
        .values("connection_id")
        .annotate(total=Count("pk"))
    ):
        if row["connection_id"] in rows:
            rows[row["connection_id"]].dead_letters = row["total"]
    pending = (
        WebhookEvent.objects.filter(
            status__in=[WebhookEvent.Status.RECEIVED, WebhookEvent.Status.PROCESSING]
        )
        .values("connection_id")
        .annotate(total=Count("pk"), oldest=Min("received_at"))
    )
    for row in pending:
        if row["connection_id"] in rows:
            rows[row["connection_id"]].pending_webhooks = row["total"]
            rows[row["connection_id"]].oldest_pending = row["oldest"]
    for row in (
        PulledBatch.objects.filter(status=PulledBatch.Status.PENDING)
        .values("connection_id")
        .annotate(total=Sum("count"), oldest=Min("created_at"))
        .order_by()
    ):
        if row["connection_id"] in rows:
            rows[row["connection_id"]].pending_pulled = row["total"]
            rows[row["connection_id"]].oldest_pulled = row["oldest"]
    return list(rows.values())


def connection_health(connection: VendorConnection) -> ConnectionHealth:
    return next(h for h in connections_health() if h.connection.pk == connection.pk)


def recent_runs(connection: VendorConnection, limit: int = 20) -> QuerySet[SyncRun]:
    return connection.runs.order_by("-started_at", "-pk")[:limit]


def open_holds(connection: VendorConnection, limit: int = 50) -> QuerySet[HeldPayload]:
    return (
        connection.held.filter(status=HeldPayload.Status.OPEN)
        .defer("raw")
        .order_by("-created_at", "-pk")[:limit]
    )


def open_dead_letters(connection: VendorConnection) -> QuerySet[DeadLetter]:
    return connection.dead_letters.filter(resolved_at__isnull=True).order_by("-created_at")


@dataclass
class SyncLookup:
    """Everything that touched a person's AI-interview results, newest first."""

    query: str
    candidates: list[Candidate] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    traces: list[IngestTrace] = field(default_factory=list)
    webhooks: list[WebhookEvent] = field(default_factory=list)
    holds: list[HeldPayload] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(
            self.candidates or self.assessments or self.traces or self.holds or self.webhooks
        )


def sync_lookup(query: str, *, limit: int = 100) -> SyncLookup:
    """Find by e-mail, phone, or a vendor interview/result id (HR admins: all connections)."""
    query = query.strip()
    found = SyncLookup(query)
    if not query:
        return found
    people = Q(email=normalize_email(query)) if "@" in query else Q(pk__in=[])
    with contextlib.suppress(ValueError):
        if phone := normalize_phone(query):
            people |= Q(phone=phone)
    found.candidates = list(Candidate.objects.filter(people)[:10])
    # Their applications' ids first: an OR of three indexed columns of one table, where
    # one through the join to applications made PostgreSQL scan both tables (2 s at 1M).
    application_ids = list(
        Application.objects.filter(candidate__in=[c.pk for c in found.candidates]).values_list(
            "pk", flat=True
        )
    )
    by_id = Q(external_interview_id=query) | Q(external_id=query)
    found.assessments = list(
        Assessment.objects.filter(
            by_id | Q(application_id__in=application_ids),
            kind=Assessment.Kind.AI_INTERVIEW,
        )
        .select_related("application__job", "application__candidate")
        .order_by("-updated_at")[:limit]
    )
    result_ids = {a.external_id for a in found.assessments} | {query}
    interview_ids = {a.external_interview_id for a in found.assessments if a.external_interview_id}
    references = {f"hrflow-app-{a.application_id}" for a in found.assessments} | {
        f"hrflow-app-{pk}" for pk in application_ids
    }
    found.traces = list(
        IngestTrace.objects.filter(
            Q(external_result_id__in=result_ids)
            # "<> ''" spelled out, so that the partial indexes serve these two
            | (Q(external_interview_id__in=interview_ids | {query}) & ~Q(external_interview_id=""))
            | (Q(candidate_ref__in=references) & ~Q(candidate_ref=""))
        )
        .select_related("connection", "sync_run", "webhook_event")
        .order_by("-created_at", "-pk")[:limit]
    )
    found.webhooks = list(
        WebhookEvent.objects.filter(subject_external_id__in=result_ids | interview_ids)
        .select_related("connection")
        .defer("payload")
        .order_by("-received_at")[:limit]
    )
    emails = {c.email for c in found.candidates if c.email}
    if "@" in query:  # a result for an address no candidate holds is held under it
        emails.add(normalize_email(query))
    found.holds = list(
        HeldPayload.objects.filter(
            Q(external_result_id__in=result_ids)
            | Q(candidate_email__in=emails)
            | Q(external_candidate_ref__in=references)
        )
        .select_related("connection")
        .defer("raw")
        .order_by("-created_at")[:limit]
    )
    return found


# Work the minute beat finds waiting too long (its task was lost), and where an
# invitation goes.
def lanes_stalled(*, older_than_seconds: int = 60) -> list[tuple[int, int]]:
    """(connection, lane) pairs whose oldest pending batch has waited too long.

    For the minute beat: a lane task lost with its worker (or never sent,
    when the broker was away) is sent again.
    """
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return sorted(
        PulledBatch.objects.filter(status=PulledBatch.Status.PENDING, created_at__lt=cutoff)
        .order_by()
        .values_list("connection_id", "lane")
        .distinct()
    )


def invite_target(stage: Stage) -> tuple[VendorConnection, str] | None:
    """The stage's connection and test, or the only active connection and its default test."""
    connection = stage.vendor_connection
    if connection is None:
        active = list(
            VendorConnection.objects.filter(
                state=VendorConnection.State.ACTIVE, deleted_at__isnull=True
            )[:2]
        )
        connection = active[0] if len(active) == 1 else None
    if connection is None or connection.deleted_at is not None:
        return None
    test_id = stage.vendor_test_id or connection.default_test_id
    return (connection, test_id) if test_id else None


def webhook_events_stalled(*, now: datetime | None = None) -> list[int]:
    """Events that wait for a worker that will not come: received minutes ago (the
    wake-up after commit was lost with the broker) or claimed by a worker that died.

    For the minute beat, which queues them again (claiming is idempotent).
    """
    now = now or timezone.now()
    lost = now - STALE_RECEIVED
    return list(
        WebhookEvent.objects.filter(
            Q(status=WebhookEvent.Status.RECEIVED, received_at__lt=lost)
            & (Q(retry_at__isnull=True) | Q(retry_at__lt=lost))
            | Q(status=WebhookEvent.Status.PROCESSING, processed_at__lt=now - STALE_PROCESSING)
        )
        .order_by("received_at")
        .values_list("pk", flat=True)[:STALLED_BATCH]
    )
