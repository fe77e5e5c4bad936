import pytest

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import user_create, user_set_language, user_set_roles
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
        user_set_language(user=user, language="fr")
    user_set_language(user=user, language="en")
    user.refresh_from_db()
    assert user.language == "en"
