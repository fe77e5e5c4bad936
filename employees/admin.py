"""The employees app in Django admin: the training policy's one row; leave in
employees/leave/admin.py, working time in employees/worktime/admin.py.

Saved through `training_settings_save` (bounds and audit), like the HR page; there is
one row, so admin neither adds a second nor deletes it.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

# Registers the attendance models' admin (employees/attendance/admin.py).
import employees.attendance.admin
import employees.leave.admin

# Registers the calendar, shifts, patterns and arrangements (employees/worktime/admin.py).
import employees.worktime.admin  # noqa: F401
from employees.models import TrainingSettings
from employees.training.policy import training_settings_problems, training_settings_save
from hrflow.accounts.models import User

FIELDS = ("weak_pool_percentile", "certificate_warn_days")


class TrainingSettingsAdminForm(forms.ModelForm):
    class Meta:
        model = TrainingSettings
        fields = FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name not in cleaned for name in FIELDS):
            return cleaned  # a field error is shown already
        # The service's own rules, checked here so admin shows form errors, not a 500.
        for field, problem in training_settings_problems(**cleaned).items():
            self.add_error(field, problem)
        return cleaned


@admin.register(TrainingSettings)
class TrainingSettingsAdmin(admin.ModelAdmin):
    form = TrainingSettingsAdminForm
    list_display = ("__str__", *FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not TrainingSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: TrainingSettings, form: Any, change: bool
    ) -> None:
        saved = training_settings_save(
            weak_pool_percentile=form.cleaned_data["weak_pool_percentile"],
            certificate_warn_days=form.cleaned_data["certificate_warn_days"],
            actor=cast(User, request.user),
        )
        # Admin keeps using its own instance after save_model (messages, redirects).
        obj.pk, obj.updated_at = saved.pk, saved.updated_at
