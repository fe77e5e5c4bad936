"""Working time in Django admin: HR adds company and regional calendar days, shifts and
shift patterns, and records work arrangements. Every save goes through the services of
employees/worktime/services.py (their rules shown as form errors, the change audited and
the attendance it touches recomputed); arrangements are history: listed, added, never
edited or deleted here."""

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from employees.models import CalendarDay, Shift, ShiftPattern, WorkArrangement
from employees.worktime.arrangements import work_arrangement_check, work_arrangement_set
from employees.worktime.services import (
    company_day_add,
    company_day_check,
    company_day_remove,
    pattern_check,
    pattern_save,
    shift_check,
    shift_save,
)
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add


def _copy_saved_state(target: Any, saved: Any) -> None:
    # Admin keeps using its own instance after save_model (messages, redirects).
    target.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})


# --- the holiday calendar ------------------------------------------------------------


class CalendarDayAdminForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("source link"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = CalendarDay
        fields = (
            "day", "company", "region", "kind", "name_zh", "name_en", "source_title",
            "source_url",
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned  # a field error is shown already
        # The service's own rules, checked here so admin shows form errors, not a 500.
        try:
            company_day_check(
                day=cleaned["day"], kind=cleaned["kind"], name_zh=cleaned["name_zh"],
                name_en=cleaned["name_en"], company=cleaned["company"],
                region=cleaned.get("region", ""), source_title=cleaned.get("source_title", ""),
            )  # fmt: skip
        except ApplicationError as error:
            refusal_add(self, error)
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Company days (for everyone) and a region's or the next year's national days of the
    law (with their notice). A day is removed and added again rather than edited; the
    shipped national days stay."""

    form = CalendarDayAdminForm
    list_display = ("day", "kind", "name_zh", "name_en", "region", "company")
    list_filter = ("company", "kind", "region")
    search_fields = ("name_zh", "name_en", "region")
    date_hierarchy = "day"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not obj.company and not obj.region:
            return False  # the State Council's days
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = company_day_add(
            day=data["day"], kind=data["kind"], name_zh=data["name_zh"], name_en=data["name_en"],
            company=data["company"], region=data.get("region", ""),
            source_title=data.get("source_title", ""), source_url=data.get("source_url", ""),
            actor=cast(User, request.user),
        )  # fmt: skip
        _copy_saved_state(obj, saved)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        company_day_remove(calendar_day=obj, actor=cast(User, request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for row in queryset:
            try:
                company_day_remove(calendar_day=row, actor=cast(User, request.user))
            except ApplicationError as error:
                self.message_user(request, f"{row}: {error.message}", messages.ERROR)


# --- shifts and patterns -------------------------------------------------------------


class ShiftAdminForm(forms.ModelForm):
    class Meta:
        model = Shift
        fields = ("code", "name", "starts", "ends", "break_minutes", "late_grace_minutes",
                  "is_active")  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        current = self.instance if self.instance.pk else None
        try:
            shift_check(
                shift=current, code=cleaned.get("code", current.code if current else ""),
                name=cleaned["name"], starts=cleaned["starts"], ends=cleaned["ends"],
                break_minutes=cleaned["break_minutes"],
                late_grace_minutes=cleaned["late_grace_minutes"],
            )  # fmt: skip
        except ApplicationError as error:
            refusal_add(self, error)
        return cleaned


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    form = ShiftAdminForm
    list_display = ("code", "name", "starts", "ends", "break_minutes", "late_grace_minutes",
                    "is_active")  # fmt: skip
    list_filter = ("is_active",)
    search_fields = ("code", "name")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()  # rotations name it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # patterns and the plan's history point at it: deactivate instead

    def save_model(self, request: HttpRequest, obj: Shift, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = shift_save(
            shift=Shift.objects.get(pk=obj.pk) if change else None,
            code=obj.code if change else data["code"], name=data["name"],
            starts=data["starts"], ends=data["ends"], break_minutes=data["break_minutes"],
            late_grace_minutes=data["late_grace_minutes"], is_active=data["is_active"],
            actor=cast(User, request.user),
        )  # fmt: skip
        _copy_saved_state(obj, saved)


class ShiftPatternAdminForm(forms.ModelForm):
    cycle = forms.CharField(
        label=_("rotation"),
        required=False,
        max_length=62 * 21,
        help_text=_(
            "Shift codes day by day, separated by commas; an empty place is a day off "
            "(day,day,night,night,,). Empty for the office week."
        ),
    )

    class Meta:
        model = ShiftPattern
        fields = ("code", "name", "follows_calendar", "shift", "cycle", "anchor")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["cycle"] = ",".join(self.instance.cycle or [])

    def clean_cycle(self) -> list[str]:
        text = self.cleaned_data.get("cycle") or ""
        return [code.strip() for code in text.split(",")] if text.strip() else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        current = self.instance if self.instance.pk else None
        try:
            pattern_check(
                pattern=current, code=cleaned.get("code", current.code if current else ""),
                name=cleaned["name"], follows_calendar=cleaned["follows_calendar"],
                shift=cleaned.get("shift"), cycle=cleaned.get("cycle", []),
                anchor=cleaned.get("anchor"),
            )  # fmt: skip
        except ApplicationError as error:
            refusal_add(self, error)
        return cleaned


@admin.register(ShiftPattern)
class ShiftPatternAdmin(admin.ModelAdmin):
    form = ShiftPatternAdminForm
    list_display = ("code", "name", "follows_calendar", "shift", "anchor")
    list_filter = ("follows_calendar",)
    search_fields = ("code", "name")
    list_select_related = ("shift",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # arrangements point at it

    def save_model(self, request: HttpRequest, obj: ShiftPattern, form: Any, change: bool) -> None:
        data = form.cleaned_data
        saved = pattern_save(
            pattern=ShiftPattern.objects.get(pk=obj.pk) if change else None,
            code=obj.code if change else data["code"], name=data["name"],
            follows_calendar=data["follows_calendar"], shift=data.get("shift"),
            cycle=data.get("cycle", []), anchor=data.get("anchor"),
            actor=cast(User, request.user),
        )  # fmt: skip
        _copy_saved_state(obj, saved)


# --- work arrangements ---------------------------------------------------------------


class WorkArrangementAdminForm(forms.ModelForm):
    class Meta:
        model = WorkArrangement
        fields = ("employee", "valid_from", "system", "period", "approval_reference", "pattern",
                  "reason")  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            work_arrangement_check(
                employee=cleaned["employee"], valid_from=cleaned["valid_from"],
                system=cleaned["system"], period=cleaned.get("period", ""),
                approval_reference=cleaned.get("approval_reference", ""),
                pattern=cleaned["pattern"],
            )  # fmt: skip
        except ApplicationError as error:
            refusal_add(self, error)
        return cleaned


@admin.register(WorkArrangement)
class WorkArrangementAdmin(admin.ModelAdmin):
    """The history of who works which pattern under which system: a change is a new row
    from its day (the row in force ends there), added through `work_arrangement_set`."""

    form = WorkArrangementAdminForm
    list_display = ("employee", "valid_from", "valid_to", "system", "period", "pattern",
                    "approval_reference", "recorded_by")  # fmt: skip
    list_filter = ("system",)
    search_fields = ("employee__number", "employee__full_name", "approval_reference")
    list_select_related = ("employee", "pattern", "recorded_by")
    raw_id_fields = ("employee",)
    date_hierarchy = "valid_from"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: WorkArrangement, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = work_arrangement_set(
            employee=data["employee"], valid_from=data["valid_from"], system=data["system"],
            period=data.get("period", ""), approval_reference=data.get("approval_reference", ""),
            pattern=data["pattern"], reason=data.get("reason", ""),
            actor=cast(User, request.user),
        )  # fmt: skip
        _copy_saved_state(obj, saved)
