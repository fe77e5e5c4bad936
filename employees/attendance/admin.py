"""Attendance in Django admin: read-only lists for HR, plus actions that call the
services to decide pending requests. Nothing is added, edited or deleted here: punches
come through `punches_record`, results are recomputed, and records are kept for the
legal rule `attendance.retention_years`."""

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from employees.attendance.corrections import punch_correction_decide
from employees.attendance.overtime import overtime_decide
from employees.models import (
    DailyResult,
    MonthConfirmation,
    OvertimeRequest,
    Punch,
    PunchCorrection,
    RequestStatus,
)
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Punch)
class PunchAdmin(ReadOnlyAdmin):
    list_display = ("employee", "at", "device", "source")
    list_filter = ("source",)
    search_fields = ("employee__number", "employee__full_name", "device")
    date_hierarchy = "at"
    list_select_related = ("employee",)


@admin.register(DailyResult)
class DailyResultAdmin(ReadOnlyAdmin):
    list_display = (
        "employee",
        "day",
        "day_kind",
        "status",
        "planned_minutes",
        "worked_minutes",
        "late_minutes",
        "early_leave_minutes",
        "absent_minutes",
        "leave_minutes",
    )
    list_filter = ("status", "day_kind")
    search_fields = ("employee__number", "employee__full_name")
    date_hierarchy = "day"
    list_select_related = ("employee",)


@admin.register(MonthConfirmation)
class MonthConfirmationAdmin(ReadOnlyAdmin):
    list_display = ("employee", "month", "confirmed_at", "confirmed_by")
    search_fields = ("employee__number", "employee__full_name")
    list_select_related = ("employee", "confirmed_by")


def _decide(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Any],
    approve: bool,
    decide: Any,
    field: str,
) -> None:
    for row in queryset.filter(status=RequestStatus.PENDING):
        try:
            decide(**{field: row}, approve=approve, actor=cast(User, request.user))
        except ApplicationError as error:
            modeladmin.message_user(request, f"{row}: {error.message}", messages.ERROR)


@admin.register(OvertimeRequest)
class OvertimeRequestAdmin(ReadOnlyAdmin):
    list_display = ("employee", "day", "minutes", "kind", "compensation", "rate", "status")
    list_filter = ("status", "kind", "compensation")
    search_fields = ("employee__number", "employee__full_name")
    list_select_related = ("employee",)
    actions = ("approve", "decline")

    @admin.action(description=_("Approve the selected overtime"))
    def approve(self, request: HttpRequest, queryset: QuerySet[OvertimeRequest]) -> None:
        _decide(self, request, queryset, True, overtime_decide, "request")

    @admin.action(description=_("Decline the selected overtime"))
    def decline(self, request: HttpRequest, queryset: QuerySet[OvertimeRequest]) -> None:
        _decide(self, request, queryset, False, overtime_decide, "request")


@admin.register(PunchCorrection)
class PunchCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("employee", "day", "at", "status", "requested_by")
    list_filter = ("status",)
    search_fields = ("employee__number", "employee__full_name")
    list_select_related = ("employee", "requested_by")
    actions = ("approve", "decline")

    @admin.action(description=_("Approve the selected corrections"))
    def approve(self, request: HttpRequest, queryset: QuerySet[PunchCorrection]) -> None:
        _decide(self, request, queryset, True, punch_correction_decide, "correction")

    @admin.action(description=_("Decline the selected corrections"))
    def decline(self, request: HttpRequest, queryset: QuerySet[PunchCorrection]) -> None:
        _decide(self, request, queryset, False, punch_correction_decide, "correction")
