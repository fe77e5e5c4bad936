"""What arrived and waits: the webhook inbox, held payloads and dead letters.

The vendor's bytes are shown as they came, indented when they are JSON and
escaped always: a payload is whatever a vendor, or someone posing as one
before the signature was checked, chose to send.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import preformatted, pretty_json
from integrations.admin.connections import BY_CONNECTION, ConnectionRecordAdmin
from integrations.models import DeadLetter, HeldPayload, WebhookEvent
from integrations.wire import readable_json


@admin.register(WebhookEvent)
class WebhookEventAdmin(ConnectionRecordAdmin):
    list_display = (
        "received_at",
        "vendor_connection",
        "event_id",
        "event_type",
        "subject_external_id",
        "status",
        "attempts",
        "duplicates",
        "processed_at",
    )
    list_filter = ("status", "is_thin", BY_CONNECTION)
    # Exact ids: the (connection, id) indexes serve equality only.
    search_fields = ("event_id__exact", "subject_external_id__exact")
    date_hierarchy = "received_at"
    fields = (
        "vendor_connection",
        "event_id",
        "event_type",
        "subject_external_id",
        "is_thin",
        "status",
        "attempts",
        "duplicates",
        "error",
        "received_at",
        "processed_at",
        "retry_at",
        "payload_json",
    )
    readonly_fields = ("payload_json",)
    list_deferred = ("payload",)

    @admin.display(description=_("payload"))
    def payload_json(self, obj: WebhookEvent) -> SafeString:
        return pretty_json(obj.payload)


@admin.register(HeldPayload)
class HeldPayloadAdmin(ConnectionRecordAdmin):
    """Replayed, matched or discarded on the HR integration pages, through services."""

    list_display = (
        "created_at",
        "vendor_connection",
        "kind",
        "status",
        "origin",
        "external_result_id",
        "short_reason",
    )
    list_filter = ("status", "kind", "origin", BY_CONNECTION)
    search_fields = (
        "external_result_id__exact",
        "external_candidate_ref__exact",
        "candidate_email",
    )
    date_hierarchy = "created_at"
    fields = (
        "vendor_connection",
        "kind",
        "status",
        "origin",
        "external_result_id",
        "external_candidate_ref",
        "candidate_email",
        "reason",
        "run",
        "event",
        "resolved_at",
        "resolution",
        "created_at",
        "updated_at",
        "raw_size",
        "raw_payload",
    )
    readonly_fields = ("run", "event", "raw_size", "raw_payload")
    list_deferred = ("raw",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The event's label is its id: its payload stays encrypted.
        return (
            super()
            .get_queryset(request)
            .select_related("sync_run", "webhook_event")
            .defer("webhook_event__payload")
        )

    @admin.display(description=_("reason"))
    def short_reason(self, obj: HeldPayload) -> str:
        return Truncator(obj.reason).chars(80)

    @admin.display(description=_("size (bytes)"))
    def raw_size(self, obj: HeldPayload) -> int:
        return len(obj.raw)

    @admin.display(description=_("raw payload"))
    def raw_payload(self, obj: HeldPayload) -> SafeString:
        return preformatted(readable_json(obj.raw))


@admin.register(DeadLetter)
class DeadLetterAdmin(ConnectionRecordAdmin):
    """Retried on the HR integration pages, through the service that re-queues the work."""

    list_display = (
        "created_at",
        "vendor_connection",
        "kind",
        "reference",
        "attempts",
        "resolved_at",
    )
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter), BY_CONNECTION)
    search_fields = ("reference",)
    date_hierarchy = "created_at"
    fields = (
        "vendor_connection",
        "kind",
        "reference",
        "error",
        "attempts",
        "resolved_at",
        "created_at",
        "updated_at",
    )
