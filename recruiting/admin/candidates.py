"""Candidates in admin: the fields HR's profile shows, and their applications.

The profile is the measure of what admin may show about a person. Their
voluntary self-identification is never shown one person at a time (it feeds
fairness reports in aggregate only), and their uploaded documents (ID cards,
bank details) and resume files stay behind the HR pages, which serve each
file only to the staff its own rules allow; none of them is here.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import ReadOnlyInline, related_count, shown_as
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import Application, Candidate


class ApplicationInline(ReadOnlyInline):
    model = Application
    fk_name = "candidate"
    fields = ("job_title", "stage_name", "status", "source", "applied_at")
    readonly_fields = fields
    job_title = shown_as("job", _("job"))
    stage_name = shown_as("stage", _("stage"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("job", "stage")
            .defer("job__description", "job__requirements")
        )


@admin.register(Candidate)
class CandidateAdmin(ScopedReadOnlyAdmin):
    list_display = (
        "full_name",
        "email",
        "phone",
        "city",
        "current_company",
        "application_count",
        "erased_at",
        "created_at",
    )
    list_filter = (
        "language",
        ("merged_into", admin.EmptyFieldListFilter),
        ("erased_at", admin.EmptyFieldListFilter),
        "tags",
    )
    # Pinyin too, as in the HR search: "zhangwei" finds 张伟.
    search_fields = ("full_name", "name_pinyin", "email", "phone")
    date_hierarchy = "created_at"
    fieldsets = (
        (None, {"fields": ("full_name", "email", "phone", "city", "language")}),
        (_("Background"), {"fields": ("current_company", "current_title", "education", "tags")}),
        (_("Messages"), {"fields": ("notify_by_email", "notify_by_sms")}),
        (_("Record"), {"fields": ("merged_into", "erased_at", "created_at", "updated_at")}),
    )
    inlines = [ApplicationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .defer("search_vector")
            .annotate(application_count=related_count(Application.objects.all(), link="candidate"))
        )

    @admin.display(description=_("applications"), ordering="application_count")
    def application_count(self, obj: Any) -> int:
        return int(obj.application_count)
