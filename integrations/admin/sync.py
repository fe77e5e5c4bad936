"""What the sync did: its runs, the pulled pages waiting in their lanes, and each
record's trace."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from integrations.admin.connections import BY_CONNECTION, ConnectionRecordAdmin
from integrations.lanes import decode_records
from integrations.models import IngestTrace, PulledBatch, SyncRun


@admin.register(SyncRun)
class SyncRunAdmin(ConnectionRecordAdmin):
    list_display = (
        "started_at",
        "vendor_connection",
        "trigger",
        "status",
        "pages",
        "fetched",
        "created",
        "updated",
        "unchanged",
        "quarantined",
        "unmatched",
        "errors",
        "finished_at",
    )
    list_filter = ("status", "trigger", BY_CONNECTION)
    date_hierarchy = "started_at"
    fields = (
        "vendor_connection",
        "trigger",
        "status",
        "final_status",
        "since",
        "started_at",
        "fetch_ended_at",
        "finished_at",
        ("pages", "fetched"),
        ("created", "updated", "unchanged"),
        ("quarantined", "unmatched", "errors"),
        "error",
    )


@admin.register(PulledBatch)
class PulledBatchAdmin(ConnectionRecordAdmin):
    """Pending or failed work only: a lane deletes a batch as it records it."""

    list_display = ("id", "vendor_connection", "run", "lane", "count", "status", "created_at")
    list_filter = ("status", BY_CONNECTION)
    fields = (
        "vendor_connection",
        "run",
        "lane",
        "count",
        "status",
        "error",
        "created_at",
        "result_ids",
    )
    readonly_fields = ("run", "result_ids")
    list_deferred = ("records",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("sync_run")

    @admin.display(description=_("result ids"))
    def result_ids(self, obj: PulledBatch) -> str:
        # The ids say which results wait; their bodies end up in the results' raw payload.
        return ", ".join(record.external_result_id for record in decode_records(obj.records))


@admin.register(IngestTrace)
class IngestTraceAdmin(ConnectionRecordAdmin):
    list_display = (
        "created_at",
        "vendor_connection",
        "external_result_id",
        "external_interview_id",
        "candidate_ref",
        "origin",
        "outcome",
    )
    list_filter = ("origin", BY_CONNECTION)
    # Exact ids: one row per result per delivery, so the indexes are exact-match only.
    search_fields = (
        "external_result_id__exact",
        "external_interview_id__exact",
        "candidate_ref__exact",
    )
    date_hierarchy = "created_at"
    readonly_fields = ("run", "event")
    fields = (
        "vendor_connection",
        "external_result_id",
        "external_interview_id",
        "candidate_ref",
        "origin",
        "run",
        "event",
        "outcome",
        "detail",
        "created_at",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Its webhook event's payload stays encrypted: the label is the event id.
        return (
            super()
            .get_queryset(request)
            .select_related("sync_run", "webhook_event")
            .defer("webhook_event__payload")
        )
