from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.org.forms import CompanySettingsForm
from hrflow.org.models import CompanySettings, Department, Location
from hrflow.org.services import (
    company_settings_problems,
    company_settings_save,
    department_check_parent,
    department_create,
    department_update,
    location_create,
    location_update,
)


def _copy_saved_state(target: Any, saved: Any) -> None:
    # Admin keeps using its own instance after save_model (messages, redirects).
    target.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})


class DepartmentAdminForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ("name", "code", "parent", "head", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's own rule, checked here so admin shows a form error.
        try:
            department_check_parent(
                department=self.instance if self.instance.pk else None,
                parent=cleaned.get("parent"),
            )
        except ApplicationError as error:
            raise forms.ValidationError({"parent": error.message}) from error
        return cleaned


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    form = DepartmentAdminForm
    list_display = ("indented_name", "code", "head", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "head")
    fields = ("name", "code", "parent", "head", "is_active")
    list_select_related = ("head",)

    @admin.display(description=Department._meta.get_field("name").verbose_name, ordering="path")
    def indented_name(self, obj: Department) -> str:
        return f"{'— ' * obj.depth}{obj.name}"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deactivate instead: jobs, people and the audit trail point at departments.
        return False

    def save_model(self, request: HttpRequest, obj: Department, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            saved = department_update(
                department=Department.objects.get(pk=obj.pk), actor=cast(User, request.user), **data
            )
        else:
            data.pop("is_active")
            saved = department_create(actor=cast(User, request.user), **data)
        _copy_saved_state(obj, saved)


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "city", "country", "is_active")
    list_filter = ("is_active", "country")
    search_fields = ("name", "code", "city")
    fields = ("name", "code", "city", "address", "country", "time_zone", "is_active")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deactivate instead: jobs and people point at locations.
        return False

    def save_model(self, request: HttpRequest, obj: Location, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            saved = location_update(
                location=Location.objects.get(pk=obj.pk), actor=cast(User, request.user), **data
            )
        else:
            saved = location_create(actor=cast(User, request.user), **data)
        _copy_saved_state(obj, saved)


class CompanySettingsAdminForm(forms.ModelForm):
    # The company page's fields: a zone from the list, the week as checkboxes.
    time_zone = CompanySettingsForm.base_fields["time_zone"]
    working_days = CompanySettingsForm.base_fields["working_days"]

    class Meta:
        model = CompanySettings
        fields = (
            "company_name",
            "time_zone",
            "working_days",
            "working_day_start",
            "working_day_end",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(name not in cleaned for name in self.Meta.fields):
            return cleaned  # a field error is shown already
        # The service's own rules, checked here so admin shows form errors.
        for problem in company_settings_problems(**cleaned):
            self.add_error(None, problem)
        return cleaned


@admin.register(CompanySettings)
class CompanySettingsAdmin(admin.ModelAdmin):
    """The company's one row; saved through the service, which audits it."""

    form = CompanySettingsAdminForm
    list_display = ("company_name", "time_zone", "working_day_start", "working_day_end")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not CompanySettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: CompanySettings, form: Any, change: bool
    ) -> None:
        data = {name: form.cleaned_data[name] for name in CompanySettingsAdminForm.Meta.fields}
        saved = company_settings_save(**data, actor=cast(User, request.user))
        _copy_saved_state(obj, saved)
