"""Applications in admin, with their stage history and their assessments."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import ReadOnlyInline, filter_titled, shown_as
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import Application, Assessment, StageTransition

# Long columns of the rows an application names, which its pages never print.
UNSHOWN_RELATED = ("candidate__search_vector", "job__description", "job__requirements")


class StageTransitionInline(ReadOnlyInline):
    model = StageTransition
    verbose_name_plural = _("stage history")
    fields = (
        "created_at",
        "from_stage_name",
        "to_stage_name",
        "from_status",
        "to_status",
        "actor_name",
        "rule",
        "reason",
        "rejection",
    )
    readonly_fields = fields
    from_stage_name = shown_as("from_stage", _("from stage"))
    to_stage_name = shown_as("to_stage", _("to stage"))
    actor_name = shown_as("actor", _("actor"))
    rejection = shown_as("rejection_reason", _("rejection reason"))
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("from_stage", "to_stage", "actor", "rejection_reason")
        )


class AssessmentInline(ReadOnlyInline):
    model = Assessment
    fields = ("kind", "status", "scoring_status", "overall_score", "vendor_verdict", "completed_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer("raw", "media")


@admin.register(Application)
class ApplicationAdmin(ScopedReadOnlyAdmin):
    list_display = (
        "id",
        "candidate_name",
        "job_title",
        "stage_name",
        "status",
        "source",
        "composite",
        "applied_at",
    )
    list_display_links = ("id", "candidate_name")
    list_filter = (
        "status",
        ("stage__kind", filter_titled(_("stage kind"), admin.ChoicesFieldListFilter)),
        "rejection_reason",
        ("job__status", filter_titled(_("job status"), admin.ChoicesFieldListFilter)),
    )
    search_fields = ("candidate__full_name", "candidate__email", "job__title")
    date_hierarchy = "applied_at"
    list_select_related = ("candidate", "job", "stage")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "candidate_name",
                    "job_title",
                    "stage_name",
                    "status",
                    "source",
                    "referrer",
                )
            },
        ),
        (
            _("Scores"),
            {"fields": ("ai_score", "written_test_score", "resume_match_score", "composite")},
        ),
        (
            _("Dates"),
            {
                "fields": (
                    "applied_at",
                    "stage_entered_at",
                    "rejection_reason",
                    "archived_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    readonly_fields = ("candidate_name", "job_title", "stage_name")
    inlines = [StageTransitionInline, AssessmentInline]
    candidate_name = shown_as("candidate", _("candidate"))
    job_title = shown_as("job", _("job"))
    stage_name = shown_as("stage", _("stage"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("candidate", "job", "stage")
            .defer(*UNSHOWN_RELATED)
        )
