"""Vendor connections and what flows through them: sync runs, the webhook inbox,
payloads held back (malformed or unmatched) and dead letters.

Only vendor-protocol state lives here; what a result means for a candidate is
recruiting's (docs/DESIGN.md, Layers).
"""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.core.crypto import EncryptedBytesField, EncryptedJSONField
from hrflow.core.models import BaseModel

DEFAULT_BACKFILL = timedelta(days=7)
# Results of a connection are stored under "conn:<its uuid>" (source_key); the
# prefix is reserved for connections, so nothing else can record under it.
SOURCE_KEY_PREFIX = "conn:"


class VendorConnection(BaseModel):
    class State(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("connection state", "Active")
        NEEDS_REAUTH = "needs_reauth", _("Needs re-authentication")
        PAUSED = "paused", _("Paused")

    uuid = models.UUIDField(_("webhook key"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    vendor = models.CharField(_("vendor"), max_length=40)
    base_url = models.URLField(_("API base URL"), max_length=300)
    credentials = EncryptedJSONField(_("credentials"), default=dict)
    # Up to two, newest first: both verify during a rotation.
    webhook_secrets = EncryptedJSONField(_("webhook secrets"), default=list)
    mapping = models.JSONField(_("field mapping"), default=dict)
    default_test_id = models.CharField(_("default test / position"), max_length=128, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.ACTIVE)
    state_reason = models.TextField(_("state reason"), blank=True)
    poll_interval = models.DurationField(_("poll interval"), default=timedelta(minutes=5))
    # Records per page asked of the vendor (within its own limit).
    page_size = models.PositiveSmallIntegerField(_("page size"), default=100, db_default=100)
    backfill_from = models.DateTimeField(_("backfill from"))
    # Results changed before this instant (vendor clock) are all stored.
    watermark = models.DateTimeField(_("watermark"), null=True, blank=True)
    # The page token of an unfinished pass; saved with the page it covers.
    page_token = models.TextField(_("page token"), blank=True)
    pass_since = models.DateTimeField(_("pass started from"), null=True, blank=True)
    # What the watermark becomes when the unfinished pass ends (from its first page).
    pass_watermark = models.DateTimeField(_("pass watermark"), null=True, blank=True)
    next_sync_at = models.DateTimeField(_("next sync at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful sync"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("vendor connection")
        verbose_name_plural = _("vendor connections")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def source_key(self) -> str:
        """How results from this connection are keyed in recruiting (unique per connection)."""
        return f"{SOURCE_KEY_PREFIX}{self.uuid}"

    @property
    def pollable(self) -> bool:
        return self.state == self.State.ACTIVE and self.deleted_at is None


class SyncRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Stopped early; continues")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        MANUAL = "manual", _("Manual")
        RESYNC = "resync", _("Re-sync")

    connection = models.ForeignKey(VendorConnection, on_delete=models.CASCADE, related_name="runs")
    trigger = models.CharField(_("trigger"), max_length=12, choices=Trigger.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    since = models.DateTimeField(_("from"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    unmatched = models.PositiveIntegerField(_("unmatched"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    error = models.TextField(_("error"), blank=True)
    # Fetching ends before storing does (pages wait in their lanes): the run keeps
    # status "running" until its last page is stored, then takes `final_status`.
    fetch_ended_at = models.DateTimeField(_("fetching ended at"), null=True, blank=True)
    final_status = models.CharField(
        _("status once stored"), max_length=12, choices=Status.choices, blank=True
    )

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["connection", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.connection_id} {self.trigger} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class PulledBatch(models.Model):
    """A pulled page's records for one ingest lane, stored with the cursor that follows them.

    The sync fetches pages in order and stores each page's records here in the
    transaction that moves the cursor past it; lane workers then record them
    (integrations.lanes says which records go to which lane). A batch is
    deleted in the transaction that records it, so what is left is pending
    work, or work that failed and waits for a person (a dead letter names it).
    The records are the same vendor payloads that end in the results' `raw`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        FAILED = "failed", _("Failed")

    connection = models.ForeignKey(
        VendorConnection, on_delete=models.CASCADE, related_name="pulled_batches"
    )
    sync_run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="batches")
    lane = models.PositiveSmallIntegerField(_("lane"))
    records = models.BinaryField(_("records"))  # JSON, see integrations.lanes
    count = models.PositiveIntegerField(_("records"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("fetched at"), default=timezone.now)

    class Meta:
        verbose_name = _("pulled batch")
        verbose_name_plural = _("pulled batches")
        ordering = ["pk"]
        indexes = [
            # A lane takes its oldest pending batch: in fetch order, which is pk order.
            models.Index(
                fields=["connection", "lane", "id"],
                condition=models.Q(status="pending"),
                name="integrations_lane_queue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.connection_id} lane {self.lane} #{self.pk}"


class WebhookEvent(models.Model):
    """The inbox: one row per vendor event id; a duplicate delivery finds it and stops."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        QUARANTINED = "quarantined", _("Quarantined")

    connection = models.ForeignKey(
        VendorConnection, on_delete=models.CASCADE, related_name="webhook_events"
    )
    event_id = models.CharField(_("event id"), max_length=200)
    event_type = models.CharField(_("event type"), max_length=60, blank=True)
    subject_external_id = models.CharField(_("result id"), max_length=128, blank=True)
    payload = EncryptedJSONField(_("payload"), null=True, blank=True)
    is_thin = models.BooleanField(_("thin event"), default=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicate deliveries"), default=0)
    error = models.TextField(_("error"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    # A vendor that did not answer while this was processed: not drained again before.
    retry_at = models.DateTimeField(_("retry at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "event_id"], name="integrations_one_event_per_id"
            )
        ]
        indexes = [
            models.Index(fields=["connection", "subject_external_id"]),
            models.Index(fields=["status", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.event_id


class HeldPayload(BaseModel):
    """A vendor payload kept aside with its raw bytes: HR can see it, fix, replay."""

    class Kind(models.TextChoices):
        MALFORMED = "malformed", _("Malformed")
        UNMATCHED = "unmatched", _("No matching application")
        UNREADABLE = "unreadable", _("Signed but unreadable")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("held result", "Open")
        RESOLVED = "resolved", _("Resolved")
        DISCARDED = "discarded", _("Discarded")

    class Origin(models.TextChoices):
        POLL = "poll", _("Sync")
        WEBHOOK = "webhook", _("Webhook")

    connection = models.ForeignKey(VendorConnection, on_delete=models.CASCADE, related_name="held")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default="open")
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices)
    external_result_id = models.CharField(_("result id"), max_length=128, blank=True)
    external_candidate_ref = models.CharField(_("candidate reference"), max_length=128, blank=True)
    candidate_email = models.CharField(_("candidate e-mail"), max_length=254, blank=True)
    reason = models.TextField(_("reason"))
    raw = EncryptedBytesField(_("raw bytes"))
    sync_run = models.ForeignKey(
        SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="held"
    )
    webhook_event = models.ForeignKey(
        WebhookEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="held"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("held payload")
        verbose_name_plural = _("held payloads")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open hold per result: a re-delivery refreshes it instead of piling up.
            models.UniqueConstraint(
                fields=["connection", "external_result_id"],
                condition=models.Q(status="open") & ~models.Q(external_result_id=""),
                name="integrations_one_open_hold_per_result",
            )
        ]
        indexes = [models.Index(fields=["connection", "status", "kind"])]

    def __str__(self) -> str:
        # Kind and number only: the label is copied into audit rows, and a
        # payload's ids and reasons may name the person it is about.
        return f"{self.kind} #{self.pk}"


class DeadLetter(BaseModel):
    """Work that failed past its retries: kept with the error until a person acts."""

    class Kind(models.TextChoices):
        SYNC = "sync", _("Sync")
        WEBHOOK = "webhook", _("Webhook event")
        INVITE = "invite", _("Invitation")
        BATCH = "batch", _("Pulled results")

    connection = models.ForeignKey(
        VendorConnection, on_delete=models.CASCADE, related_name="dead_letters"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reference = models.CharField(_("reference"), max_length=200)
    error = models.TextField(_("error"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dead letter")
        verbose_name_plural = _("dead letters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "kind", "reference"],
                condition=models.Q(resolved_at__isnull=True),
                name="integrations_one_open_dead_letter",
            )
        ]

    def __str__(self) -> str:
        # Not the reference: it may hold an address (see HeldPayload.__str__).
        return f"{self.kind} #{self.pk}"


class IngestTrace(models.Model):
    """What happened to one vendor record on one delivery or sync page.

    Answers HR's "the AI result did not sync, why?": every pull and push that
    touched a result, with its outcome and the error if there was one.
    """

    connection = models.ForeignKey(
        VendorConnection, on_delete=models.CASCADE, related_name="traces"
    )
    external_result_id = models.CharField(_("result id"), max_length=128)
    external_interview_id = models.CharField(_("interview id"), max_length=128, blank=True)
    candidate_ref = models.CharField(_("candidate reference"), max_length=128, blank=True)
    origin = models.CharField(_("origin"), max_length=8, choices=HeldPayload.Origin.choices)
    sync_run = models.ForeignKey(
        SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    webhook_event = models.ForeignKey(
        WebhookEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index below: pulled results have none
    )
    outcome = models.CharField(_("outcome"), max_length=20)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ingest trace")
        verbose_name_plural = _("ingest traces")
        ordering = ["-created_at", "-pk"]
        # A row per result per delivery, so each index costs every ingest: exact-match
        # indexes only (no LIKE variants), partial where most rows have no value.
        indexes = [
            models.Index(fields=["external_result_id"], name="integrations_trace_result"),
            models.Index(
                fields=["external_interview_id"],
                condition=~models.Q(external_interview_id=""),
                name="integrations_trace_interview",
            ),
            models.Index(
                fields=["candidate_ref"],
                condition=~models.Q(candidate_ref=""),
                name="integrations_trace_candidate",
            ),
            models.Index(
                fields=["webhook_event"],
                condition=models.Q(webhook_event__isnull=False),
                name="integrations_trace_webhook",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_result_id} {self.outcome}"
