import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_lower_case_and_used_to_sign_in():
    """The address is the username, normalised so case never creates a second account."""
    # given
    user = User.objects.create_user(email="Li.Na@Example.COM", password="x" * 12, full_name="李娜")
    # then
    assert user.email == "li.na@example.com"
    assert User.objects.get_by_natural_key("LI.NA@example.com") == user


def test_same_email_in_other_case_is_refused_by_the_database():
    """The case-insensitive unique constraint holds even for raw writes."""
    UserFactory(email="wang@example.com")
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="WANG@example.com", full_name="x")])


def test_create_user_validates_the_address():
    with pytest.raises(ValidationError):
        User.objects.create_user(email="not-an-address", password="x" * 12, full_name="x")


def test_roles_come_from_groups_and_superusers_hold_all():
    """Roles are read from role groups; other groups are ignored."""
    recruiter = UserFactory(roles=[Role.RECRUITER, Role.EMPLOYEE])
    admin = User.objects.create_superuser(
        email="root@example.com", password="x" * 12, full_name="r"
    )
    nobody = UserFactory()

    assert recruiter.roles == frozenset({Role.RECRUITER, Role.EMPLOYEE})
    assert recruiter.has_role(Role.RECRUITER)
    assert not recruiter.has_role(Role.HR_ADMIN)
    assert admin.roles == frozenset(Role)
    assert nobody.roles == frozenset()


def test_inactive_user_holds_no_role():
    user = UserFactory(roles=[Role.HR_ADMIN], is_active=False)
    assert user.roles == frozenset()
