"""Leave in Django admin: the types and the policy are HR's to edit; the ledger and the
requests are read here only (they change through the services: a correction is an
adjustment entry, `employees.leave.ledger.leave_adjust`)."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from employees.leave.policy import (
    leave_delegation_add,
    leave_delegation_check,
    leave_settings_save,
)
from employees.models import LeaveDelegation, LeaveEntry, LeaveRequest, LeaveSettings, LeaveType
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add


@admin.register(LeaveType)
class LeaveTypeAdmin(admin.ModelAdmin):
    list_display = (
        "code", "name_zh", "name_en", "unit", "counting", "paid_rate", "tracks_balance",
        "needs_document", "statutory", "region", "is_active",
    )  # fmt: skip
    list_filter = ("is_active", "statutory", "unit")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # requests and entries point at it: deactivate instead


@admin.register(LeaveSettings)
class LeaveSettingsAdmin(admin.ModelAdmin):
    fields = list_display = ("company_annual_days", "carry_unused_annual", "hr_approval_over_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not LeaveSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: LeaveSettings, form: Any, change: bool) -> None:
        saved = leave_settings_save(
            company_annual_days=form.cleaned_data["company_annual_days"],
            carry_unused_annual=form.cleaned_data["carry_unused_annual"],
            hr_approval_over_days=form.cleaned_data["hr_approval_over_days"],
            actor=cast(User, request.user),
        )
        obj.pk, obj.updated_at = saved.pk, saved.updated_at


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LeaveEntry)
class LeaveEntryAdmin(ReadOnlyAdmin):
    list_display = ("employee", "leave_type", "kind", "hours", "effective_on", "reason")
    list_filter = ("kind", "leave_type")
    search_fields = ("employee__full_name", "employee__number")
    list_select_related = ("employee", "leave_type")


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ("employee", "leave_type", "start_day", "end_day", "hours", "status", "step")
    list_filter = ("status", "leave_type")
    search_fields = ("employee__full_name", "employee__number")
    list_select_related = ("employee", "leave_type")


class LeaveDelegationAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    actor: User | None = None  # set per request by the admin's get_form

    class Meta:
        model = LeaveDelegation
        fields = ("from_user", "to_user", "starts", "ends")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned  # a field error is shown already
        # The service's own rules, checked here so admin shows form errors, not a 500.
        try:
            leave_delegation_check(
                from_user=cleaned["from_user"], to_user=cleaned["to_user"],
                starts=cleaned["starts"], ends=cleaned["ends"], actor=self.actor,
            )  # fmt: skip
        except ApplicationError as error:
            refusal_add(self, error)
        return cleaned


@admin.register(LeaveDelegation)
class LeaveDelegationAdmin(admin.ModelAdmin):
    form = LeaveDelegationAdminForm
    list_display = ("from_user", "to_user", "starts", "ends")
    fields = ("from_user", "to_user", "starts", "ends")
    autocomplete_fields = ()

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> "type[forms.ModelForm[Any]]":
        form = super().get_form(request, obj, change, **kwargs)  # a new class per call
        cast(type[LeaveDelegationAdminForm], form).actor = cast(User, request.user)
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None  # a new period is a new delegation

    def save_model(
        self, request: HttpRequest, obj: LeaveDelegation, form: Any, change: bool
    ) -> None:
        saved = leave_delegation_add(
            from_user=form.cleaned_data["from_user"],
            to_user=form.cleaned_data["to_user"],
            starts=form.cleaned_data["starts"],
            ends=form.cleaned_data["ends"],
            actor=cast(User, request.user),
        )
        obj.pk, obj.created_at, obj.updated_at = saved.pk, saved.created_at, saved.updated_at
