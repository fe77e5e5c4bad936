"""Jobs in admin, with their pipeline and how many applications are active.

Admin changes a job's posting basics (pay, education, experience, deadline,
the phone rule) and which hiring channels the careers site may show, through
the same services as the HR pages; everything else about a job stays read-only.
"""

from typing import Any, cast

from django.contrib import admin
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.core.read_only_admin import ReadOnlyInline
from recruiting.admin.scoped import ScopedReadOnlyAdmin
from recruiting.models import Application, ApplicationTally, HiringChannel, Job, Stage
from recruiting.models.job_posting import POSTING_FIELDS
from recruiting.services.jobs import hiring_channel_set_public, job_update


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
        (_("Posting basics"), {"fields": POSTING_FIELDS}),
        (_("Team"), {"fields": ("recruiters", "hiring_managers")}),
        (_("Posting"), {"fields": ("description", "requirements")}),
        (_("Dates"), {"fields": ("opened_at", "closed_at", "created_at", "updated_at")}),
    )
    inlines = [StageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(active_applications=_active_applications())

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The posting basics only (get_readonly_fields); the model permission decides.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        shown = [str(name) for _title, options in self.fieldsets for name in options["fields"]]
        return tuple(name for name in shown if name not in POSTING_FIELDS)

    def save_model(self, request: HttpRequest, obj: Job, form: Any, change: bool) -> None:
        changes = {name: form.cleaned_data[name] for name in POSTING_FIELDS}
        saved = job_update(
            job=Job.objects.get(pk=obj.pk), actor=cast(User, request.user), **changes
        )
        # Admin keeps using its own instance after save_model (messages, redirects).
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})

    @admin.display(description=_("active applications"), ordering="active_applications")
    def active_applications(self, obj: Any) -> int:
        return int(obj.active_applications)


@admin.register(HiringChannel)
class HiringChannelAdmin(admin.ModelAdmin):
    """Which channels' jobs outside visitors see on the careers site."""

    list_display = ("code", "is_public")
    fields = ("code", "is_public")
    readonly_fields = ("code",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # one row per Job.Channel, added by migrations

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: HiringChannel, form: Any, change: bool) -> None:
        saved = hiring_channel_set_public(
            code=obj.code, is_public=form.cleaned_data["is_public"], actor=cast(User, request.user)
        )
        obj.is_public = saved.is_public
