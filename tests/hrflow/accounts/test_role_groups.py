"""The role groups that migrations create, and their permissions."""

import pytest
from django.contrib.auth.models import Group

from hrflow.accounts.roles import ROLE_PERMISSIONS, Role
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == set(codes), role


@pytest.mark.parametrize(
    ("role", "permission", "expected"),
    [
        (Role.HR_ADMIN, "accounts.manage_roles", True),
        (Role.HR_ADMIN, "org.change_department", True),
        (Role.RECRUITER, "accounts.access_hr_workspace", True),
        (Role.RECRUITER, "org.change_department", False),
        (Role.HR_ADMIN, "org.change_companysettings", True),
        (Role.RECRUITER, "org.change_companysettings", False),
        (Role.EMPLOYEE, "org.change_companysettings", False),
        (Role.HIRING_MANAGER, "accounts.view_user", False),
        (Role.INTERVIEWER, "accounts.access_hr_workspace", True),
        (Role.EMPLOYEE, "accounts.access_hr_workspace", False),
        (Role.EMPLOYEE, "org.view_department", True),
    ],
)
def test_role_grants_real_permissions(role, permission, expected):
    """Permissions checked through Django's own has_perm, as views will."""
    user = UserFactory(roles=[role])
    assert user.has_perm(permission) is expected
