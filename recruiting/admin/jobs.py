"""Jobs in admin, with their pipeline and how many applications are active."""

from typing import Any

from django.contrib import admin
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import ReadOnlyInline
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import Application, ApplicationTally, Job, Stage


class StageInline(ReadOnlyInline):
    model = Stage
    fields = ("position", "name", "kind", "vendor_connection", "vendor_test_id")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The connection's name only: its credentials are not decrypted for a label.
        return (
            super()
            .get_queryset(request)
            .select_related("vendor_connection")
            .defer(
                "vendor_connection__credentials",
                "vendor_connection__webhook_secrets",
                "vendor_connection__mapping",
            )
        )


def _active_applications() -> Coalesce:
    # The tally rows the database keeps per stage (recruiting.models.tallies),
    # not a count over the applications table.
    tallies = (
        ApplicationTally.objects.filter(
            job=OuterRef("pk"), status=Application.Status.ACTIVE, pooled=False
        )
        .order_by()
        .values("job")
        .annotate(total=Sum("count"))
        .values("total")
    )
    return Coalesce(Subquery(tallies, output_field=IntegerField()), 0)


@admin.register(Job)
class JobAdmin(ScopedReadOnlyAdmin):
    list_display = (
        "title",
        "department",
        "location",
        "status",
        "channel",
        "employment_type",
        "headcount",
        "active_applications",
        "opened_at",
        "created_at",
    )
    list_filter = ("status", "channel", "employment_type", "department")
    search_fields = ("title", "department__name")
    date_hierarchy = "created_at"
    list_select_related = ("department", "location")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "department",
                    "location",
                    "employment_type",
                    "headcount",
                    "channel",
                    "status",
                    "retake_policy",
                )
            },
        ),
        (_("Team"), {"fields": ("recruiters", "hiring_managers")}),
        (_("Posting"), {"fields": ("description", "requirements")}),
        (_("Dates"), {"fields": ("opened_at", "closed_at", "created_at", "updated_at")}),
    )
    inlines = [StageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(active_applications=_active_applications())

    @admin.display(description=_("active applications"), ordering="active_applications")
    def active_applications(self, obj: Any) -> int:
        return int(obj.active_applications)
