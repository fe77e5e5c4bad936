"""The staff roles, each a Django group with real permissions.

Groups are named by the role's code so that code can find them; the UI shows
the translated label. Each app adds its permissions to the roles from its
`ready()`; a permission that does not exist yet is skipped and picked up by the
post_migrate sync once its migration has run.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR admin")
    RECRUITER = "recruiter", _("Recruiter")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    INTERVIEWER = "interviewer", _("Interviewer")
    EMPLOYEE = "employee", _("Employee")
    # Salaries, runs and payslips: payroll is theirs and HR admins' alone.
    PAYROLL = "payroll", _("Payroll officer")


# Roles whose members work in the HR pages (as opposed to self-service only).
WORKSPACE_ROLES = frozenset(
    {Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.PAYROLL}
)

# Each app grants its own permissions to the roles from its `ready()`
# (`<app>/role_grants.py`), so accounts names no permission of a higher app.
# Mutated in place, never rebound.
ROLE_PERMISSIONS: dict[Role, list[str]] = {role: [] for role in Role}


def role_permissions_register(grants: Mapping[Role, Iterable[str]]) -> None:
    """Add an app's permissions to the roles (the same code twice counts once)."""
    for role, codes in grants.items():
        listed = ROLE_PERMISSIONS[Role(role)]
        listed.extend(code for code in codes if code not in listed)


def sync_role_groups(apps: Any) -> None:
    """Create one group per role and give it exactly its listed permissions.

    Takes the app registry so data migrations can call it with their
    historical models as well as the live registry.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role.value)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".", 1)
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def sync_role_groups_after_migrate(sender: Any, **kwargs: Any) -> None:
    """Re-sync after each app's post_migrate: Django creates an app's permissions
    in that app's own post_migrate, so the last call sees them all."""
    from django.apps import apps as live_apps

    sync_role_groups(kwargs.get("apps") or live_apps)
