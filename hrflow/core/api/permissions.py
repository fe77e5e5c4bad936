"""Permissions every API package shares."""

from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles


def is_hr_admin(user: Any) -> bool:
    return Role.HR_ADMIN in user_roles(user)


class IsHrAdmin(BasePermission):
    """HR admins only (the outbound event feed: it speaks of every employee)."""

    message = gettext_lazy("Only HR admins can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_hr_admin(request.user)


class HrAdminWrites(BasePermission):
    """Reads for every signed-in caller (their scope decides what they see); writes for
    HR admins only."""

    message = gettext_lazy("Only HR admins can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return is_hr_admin(request.user)
