"""The five staff roles, each a Django group with real permissions.

Groups are named by the role's code so that code can find them; the UI shows
the translated label. The permission lists grow as later apps add models: a
permission that does not exist yet is skipped and picked up by the post_migrate
sync once its migration has run.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR admin")
    RECRUITER = "recruiter", _("Recruiter")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    INTERVIEWER = "interviewer", _("Interviewer")
    EMPLOYEE = "employee", _("Employee")


# Roles whose members work in the HR pages (as opposed to self-service only).
WORKSPACE_ROLES = frozenset({Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER})

_ORG_READ = ["org.view_department", "org.view_location"]
_ORG_WRITE = [
    f"org.{verb}_{model}"
    for model in ("department", "location")
    for verb in ("add", "change", "view")
]

_RECRUITING_READ = [
    "recruiting.view_job",
    "recruiting.view_candidate",
    "recruiting.view_application",
    "recruiting.view_assessment",
    "recruiting.view_interview",
]
_RECRUITING_WORK = [
    *_RECRUITING_READ,
    "recruiting.add_job",
    "recruiting.change_job",
    "recruiting.add_candidate",
    "recruiting.change_candidate",
    "recruiting.add_application",
    "recruiting.change_application",
    "recruiting.add_note",
    "recruiting.add_assessment",
    "recruiting.add_interview",
    "recruiting.change_interview",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.HR_ADMIN: [
        *_RECRUITING_WORK,
        "recruiting.merge_candidate",
        "recruiting.publish_job",
        "accounts.access_hr_workspace",
        "accounts.manage_roles",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "core.view_auditevent",
        "notifications.view_outboxmessage",
        # Wording of each message, the sending policy (quiet hours, rejection delay).
        "notifications.view_notificationtemplate",
        "notifications.change_notificationtemplate",
        "notifications.change_notificationsettings",
        *_ORG_WRITE,
        # Vendor connections, their health page, mappings and held payloads.
        "integrations.view_vendorconnection",
        "integrations.add_vendorconnection",
        "integrations.change_vendorconnection",
    ],
    Role.RECRUITER: [
        "accounts.access_hr_workspace",
        "accounts.view_user",
        *_ORG_READ,
        *_RECRUITING_WORK,
    ],
    Role.HIRING_MANAGER: ["accounts.access_hr_workspace", *_ORG_READ, *_RECRUITING_READ],
    # Interviewers see only the interviews they sit on (InterviewQuerySet).
    Role.INTERVIEWER: ["accounts.access_hr_workspace", "recruiting.view_interview"],
    Role.EMPLOYEE: [*_ORG_READ],
}


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
