import pytest

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import (
    user_create,
    user_set_admin_access,
    user_set_language,
    user_set_password,
    user_set_roles,
)
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_create_gives_roles_and_audits():
    actor = UserFactory(roles=[Role.HR_ADMIN])

    user = user_create(
        email=" Zhao@Example.com ", full_name=" 赵六 ", roles=[Role.RECRUITER], actor=actor
    )

    assert user.email == "zhao@example.com"
    assert user.full_name == "赵六"
    assert user.roles == {Role.RECRUITER}
    event = AuditEvent.objects.get(action="accounts.user_create")
    assert event.actor == actor
    assert event.target_id == str(user.pk)
    assert event.changes == {"roles": ["recruiter"]}


def test_user_create_refuses_a_taken_address_and_changes_nothing():
    UserFactory(email="taken@example.com")
    before = (User.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ApplicationError) as error:
        user_create(email="TAKEN@example.com", full_name="x")

    assert error.value.extra == {"field": "email"}
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_user_set_roles_replaces_roles_and_keeps_other_groups():
    from django.contrib.auth.models import Group

    other = Group.objects.create(name="newsletter")
    user = UserFactory(roles=[Role.EMPLOYEE])
    user.groups.add(other)

    user_set_roles(user=user, roles=[Role.INTERVIEWER, Role.EMPLOYEE], actor=None)

    fresh = User.objects.get(pk=user.pk)
    assert fresh.roles == {Role.INTERVIEWER, Role.EMPLOYEE}
    assert fresh.groups.filter(pk=other.pk).exists()
    event = AuditEvent.objects.get(action="accounts.user_set_roles")
    assert event.changes == {"roles": [["employee"], ["employee", "interviewer"]]}
    assert event.actor_label == "system"


def test_user_set_roles_with_no_change_writes_no_audit_row():
    user = UserFactory(roles=[Role.EMPLOYEE])
    user_set_roles(user=user, roles=[Role.EMPLOYEE], actor=None)
    assert not AuditEvent.objects.filter(action="accounts.user_set_roles").exists()


def test_user_set_language_refuses_unknown_codes():
    user = UserFactory()
    with pytest.raises(ApplicationError):
        user_set_language(user=user, language="fr", chosen_at=None)
    user_set_language(user=user, language="en", chosen_at=None)
    user.refresh_from_db()
    assert user.language == "en"


def test_user_set_password_applies_the_password_rules():
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError):
        user_set_password(user=user, password="123", actor=None)
    user_set_password(user=user, password="a long enough passphrase", actor=None)
    assert User.objects.get(pk=user.pk).check_password("a long enough passphrase")
    assert AuditEvent.objects.filter(action="accounts.user_set_password").count() == 1


def test_user_set_admin_access_is_audited_once():
    user = UserFactory()
    user_set_admin_access(user=user, is_staff=True, is_superuser=True, actor=None)
    user_set_admin_access(user=user, is_staff=True, is_superuser=True, actor=None)

    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (True, True)
    event = AuditEvent.objects.get(action="accounts.user_set_admin_access")
    assert event.changes == {"is_staff": [False, True], "is_superuser": [False, True]}


def test_demo_accounts_are_created_once_and_refreshed_after():
    """`make demo` runs this every time: the second run changes no account count."""
    from hrflow.accounts.demo import DEMO_ACCOUNTS, demo_accounts_ensure

    first = demo_accounts_ensure(password="demo-first-password")
    second = demo_accounts_ensure(password="demo-second-password")

    assert [created for _, created in first] == [True] * len(DEMO_ACCOUNTS)
    assert [created for _, created in second] == [False] * len(DEMO_ACCOUNTS)
    admin = User.objects.get(email="admin@hrflow.local")
    assert admin.is_superuser
    assert admin.check_password("demo-second-password")
    assert {role for account in DEMO_ACCOUNTS for role in account.roles} == set(Role)
