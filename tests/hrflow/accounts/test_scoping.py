"""The scoping helper: every queryset shown to a user is filtered by role."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.services import outbox_enqueue
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_plain_querysets_are_refused():
    """A model without a ScopedQuerySet cannot be shown by accident."""
    with pytest.raises(ImproperlyConfigured):
        scoped(Group.objects.all(), UserFactory(roles=[Role.HR_ADMIN]))


@pytest.mark.parametrize("make_user", [AnonymousUser, lambda: UserFactory(is_active=False)])
def test_anonymous_and_inactive_users_see_nothing(make_user):
    UserFactory()
    assert not scoped(User.objects.all(), make_user()).exists()


def test_hr_admin_sees_every_user():
    admin = UserFactory(roles=[Role.HR_ADMIN])
    others = UserFactory.create_batch(3)
    assert set(scoped(User.objects.all(), admin)) == {admin, *others}


def test_recruiter_sees_workspace_people_and_self_only():
    """Recruiters pick interviewers; plain employees stay hidden from them."""
    recruiter = UserFactory(roles=[Role.RECRUITER])
    interviewer = UserFactory(roles=[Role.INTERVIEWER])
    manager = UserFactory(roles=[Role.HIRING_MANAGER, Role.EMPLOYEE])
    employee = UserFactory(roles=[Role.EMPLOYEE])
    UserFactory(roles=[Role.INTERVIEWER], is_active=False)

    visible = list(scoped(User.objects.all(), recruiter))

    assert set(visible) == {recruiter, interviewer, manager}
    assert employee not in visible
    assert len(visible) == len(set(visible)), "a user in two groups must appear once"


@pytest.mark.parametrize("role", [Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE])
def test_other_roles_see_only_themselves(role):
    user = UserFactory(roles=[role])
    UserFactory(roles=[Role.HR_ADMIN])
    assert list(scoped(User.objects.all(), user)) == [user]


def test_default_scope_shows_rows_to_hr_admins_only():
    """A model that defines no scope (the outbox) is hidden from everyone else."""
    outbox_enqueue(idempotency_key="k1", channel="email", event="test", recipient="a@b.c")
    assert scoped(OutboxMessage.objects.all(), UserFactory(roles=[Role.HR_ADMIN])).count() == 1
    assert scoped(OutboxMessage.objects.all(), UserFactory(roles=[Role.RECRUITER])).count() == 0


def test_out_of_scope_row_answers_404_like_a_missing_one():
    """A guessed id reveals nothing: out of scope and absent look the same."""
    employee = UserFactory(roles=[Role.EMPLOYEE])
    other = UserFactory()

    assert get_scoped_or_404(User.objects.all(), employee, pk=employee.pk) == employee
    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), employee, pk=other.pk)
    with pytest.raises(Http404):
        get_scoped_or_404(User.objects.all(), employee, pk=10**9)
