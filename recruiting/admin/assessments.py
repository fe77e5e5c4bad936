"""Assessments in admin: scores as stored and the vendor's payload as it came.

Results are written by the vendor sync and webhooks, or by HR through the
candidate profile; admin adds, edits and deletes none of them.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import ReadOnlyInline, pretty_json, shown_as
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import Application, Assessment, AssessmentDimensionScore

UNSHOWN_RELATED = (
    "application__candidate__search_vector",
    "application__job__description",
    "application__job__requirements",
)


def application_link(application: Application) -> SafeString:
    """The application as "candidate · job", linking to its admin page."""
    return format_html(
        '<a href="{}">{} · {}</a>',
        reverse("admin:recruiting_application_change", args=[application.pk]),
        application.candidate.full_name,
        application.job.title,
    )


class DimensionScoreInline(ReadOnlyInline):
    model = AssessmentDimensionScore
    fields = (
        "dimension_name",
        "vendor_key",
        "vendor_label",
        "score",
        "raw_score",
        "raw_scale",
        "comment",
    )
    readonly_fields = fields
    show_change_link = False
    dimension_name = shown_as("dimension", _("dimension"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("dimension")


@admin.register(Assessment)
class AssessmentAdmin(ScopedReadOnlyAdmin):
    list_display = (
        "created_at",
        "candidate",
        "job",
        "kind",
        "status",
        "scoring_status",
        "overall_score",
        "vendor_verdict",
        "attempt_no",
    )
    list_filter = ("kind", "status", "scoring_status", "vendor_verdict")
    # Exact ids: the vendor's are long and the indexes serve equality.
    search_fields = (
        "external_id__exact",
        "external_interview_id__exact",
        "application__candidate__full_name",
    )
    date_hierarchy = "created_at"
    list_select_related = ("application__candidate", "application__job")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "application_link",
                    "kind",
                    "status",
                    "scoring_status",
                    "source",
                    "external_id",
                    "external_interview_id",
                    "attempt_no",
                    "earlier_attempt",
                    "attempt_of_external_id",
                    "entered_by",
                )
            },
        ),
        (
            _("Scores"),
            {
                "fields": (
                    "overall_score",
                    "overall_raw",
                    "overall_scale",
                    "vendor_verdict",
                    "vendor_verdict_raw",
                    "vendor_revision",
                )
            },
        ),
        (_("Invitation"), {"fields": ("invite_url", "invite_expires_at")}),
        (
            _("Dates"),
            {"fields": ("completed_at", "vendor_updated_at", "created_at", "updated_at")},
        ),
        (
            _("As the vendor sent it"),
            {"fields": ("raw_payload", "media_links", "warning_list", "content_hash")},
        ),
    )
    readonly_fields = (
        "application_link",
        "earlier_attempt",
        "raw_payload",
        "media_links",
        "warning_list",
    )
    list_deferred = ("raw", "media")
    inlines = [DimensionScoreInline]
    earlier_attempt = shown_as("attempt_of", _("earlier attempt"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("application__candidate", "application__job")
            .defer(*UNSHOWN_RELATED)
        )

    @admin.display(description=_("candidate"), ordering="application__candidate__full_name")
    def candidate(self, obj: Assessment) -> str:
        return obj.application.candidate.full_name

    @admin.display(description=_("job"), ordering="application__job__title")
    def job(self, obj: Assessment) -> str:
        return obj.application.job.title

    @admin.display(description=_("application"))
    def application_link(self, obj: Assessment) -> SafeString:
        return application_link(obj.application)

    @admin.display(description=_("raw payload"))
    def raw_payload(self, obj: Assessment) -> SafeString:
        return pretty_json(obj.raw)

    @admin.display(description=_("media"))
    def media_links(self, obj: Assessment) -> SafeString:
        return pretty_json(obj.media)

    @admin.display(description=_("warnings"))
    def warning_list(self, obj: Assessment) -> SafeString:
        return pretty_json(obj.warnings)
