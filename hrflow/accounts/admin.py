"""Django admin for users: who may change what is decided here, changes go through services.

An HR admin with admin-site access manages accounts and roles, but only a
superuser can grant admin-site access, superuser status or single permissions,
or edit a superuser's account; otherwise an HR admin could promote themselves.
"""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import user_set_roles
from hrflow.core.audit import audit_record, diff_fields

SUPERUSER_ONLY_FIELDS = ("is_staff", "is_superuser", "user_permissions")
AUDITED_FIELDS = ("email", "full_name", "language", "is_active", "is_staff", "is_superuser")


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Role.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label=_("roles"),
            **kwargs,
        )


class UserCreateForm(UserCreationForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = ("email", "full_name", "language")


class UserEditForm(UserChangeForm):
    roles = RolesField()

    class Meta:
        model = User
        fields = ("email", "full_name", "language", "is_active", *SUPERUSER_ONLY_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = sorted(
                group.name for group in self.instance.groups.all() if group.name in Role.values
            )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role_list", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language")}),
        (_("Roles and permissions"), {"fields": ("is_active", "roles", *SUPERUSER_ONLY_FIELDS)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "language", "roles", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
            if not request.user.has_perm("accounts.manage_roles"):
                readonly.append("roles")
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only a superuser may touch a superuser's account (password, address, ...).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are deactivated, never deleted: the audit trail points at them.
        return False

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(str(role.label) for role in sorted(obj.roles))

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = User.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        changes = (
            diff_fields(before, {name: getattr(obj, name) for name in AUDITED_FIELDS})
            if before
            else {}
        )
        if "password" in form.changed_data or "password1" in form.changed_data:
            changes["password"] = ["***", "***"]
        if changes or not change:
            audit_record(
                actor=cast(User, request.user),
                action="accounts.user_admin_change" if change else "accounts.user_admin_create",
                target=obj,
                changes=changes,
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if "roles" in form.cleaned_data and "roles" not in self.get_readonly_fields(request):
            user_set_roles(
                user=form.instance,
                roles=[Role(value) for value in form.cleaned_data["roles"]],
                actor=cast(User, request.user),
            )


class RoleGroupAdmin(DjangoGroupAdmin):
    """Role groups are defined in code (hrflow.accounts.roles) and re-synced on migrate,
    so they are shown read-only; other groups stay editable."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.name in Role.values:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.name in Role.values:
            return False
        return super().has_delete_permission(request, obj)


admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
