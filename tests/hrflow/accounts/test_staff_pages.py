"""HR admins manage staff accounts in the app (issue 15, point 7): invite with roles,
change roles, deactivate; a recruiter or an employee opens none of it."""

import pytest
from django.urls import reverse

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import staff_account_update, user_invite, user_set_roles
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_invited_account_has_no_password_and_gets_a_link_to_choose_one(client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    user = user_invite(
        email="new@example.com", full_name="新同事", roles=[Role.RECRUITER], language="en", actor=hr
    )
    assert not user.has_usable_password()
    assert user.roles == frozenset({Role.RECRUITER})
    mail = OutboxMessage.objects.get(event="account_invite")
    assert mail.recipient == "new@example.com"
    assert mail.language == "en"
    link = next(word for word in mail.body.split() if "/accounts/reset/" in word)
    # The link opens the set-password form (Django redirects once to hide the token).
    response = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]), follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()
    assert AuditEvent.objects.get(action="accounts.user_create").actor == hr


def test_an_address_in_use_or_a_blank_name_is_refused_and_sends_nothing():
    UserFactory(email="taken@example.com")
    for email, name in (("TAKEN@example.com", "X"), ("free@example.com", "  ")):
        with pytest.raises(ApplicationError):
            user_invite(email=email, full_name=name, roles=[Role.RECRUITER], actor=None)
    assert not OutboxMessage.objects.exists()
    assert not User.objects.filter(email="free@example.com").exists()


def test_roles_name_and_sign_in_change_in_one_step_each_audited():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    user = UserFactory(roles=[Role.INTERVIEWER], full_name="旧名")
    staff_account_update(
        user=user, full_name="新名", roles=[Role.HIRING_MANAGER], is_active=False, actor=hr
    )
    user = User.objects.get(pk=user.pk)
    # An inactive account holds no role in effect; its groups still say which it had.
    groups = set(user.groups.values_list("name", flat=True))
    assert (user.full_name, groups, user.is_active) == ("新名", {Role.HIRING_MANAGER}, False)
    actions = set(AuditEvent.objects.filter(actor=hr).values_list("action", flat=True))
    assert actions == {
        "accounts.user_rename",
        "accounts.user_set_roles",
        "accounts.user_deactivate",
    }


def test_an_hr_admin_cannot_lock_themselves_out():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    with pytest.raises(ApplicationError):
        user_set_roles(user=hr, roles=[Role.RECRUITER], actor=hr)
    with pytest.raises(ApplicationError):
        staff_account_update(
            user=hr, full_name=hr.full_name, roles=[Role.HR_ADMIN], is_active=False, actor=hr
        )
    hr = User.objects.get(pk=hr.pk)
    assert hr.is_active
    assert hr.roles == frozenset({Role.HR_ADMIN})


def test_hr_invites_changes_and_deactivates_on_the_pages(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    response = client.post(
        reverse("accounts:staff-invite"),
        {
            "full_name": "赵六",
            "email": "zhao@example.com",
            "roles": ["recruiter"],
            "language": "zh-hans",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="zhao@example.com")
    edit = reverse("accounts:staff-edit", kwargs={"pk": user.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"full_name": "赵六", "roles": ["interviewer"]})  # unticked
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert not user.is_active
    assert set(user.groups.values_list("name", flat=True)) == {Role.INTERVIEWER}
    again = reverse("accounts:staff-invite-again", kwargs={"pk": user.pk})
    client.post(again)  # deactivated: refused with a message
    assert OutboxMessage.objects.filter(event="account_invite").count() == 1
    listed = client.get(reverse("accounts:staff-list"), {"q": "zhao"})
    assert [row[0] for row in listed.context["rows"]] == [user]


def test_a_bad_role_or_address_is_a_form_error(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    response = client.post(
        reverse("accounts:staff-invite"),
        {"full_name": "X", "email": "not-an-address", "roles": ["superuser"], "language": "xx"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "roles", "language"}
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE]
)
def test_only_hr_admins_manage_accounts(client, role):
    other = UserFactory(roles=[Role.INTERVIEWER])
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("accounts:staff-list")).status_code == 404
    edit = reverse("accounts:staff-edit", kwargs={"pk": other.pk})
    assert (
        client.post(edit, {"full_name": "x", "roles": ["hr_admin"], "is_active": "on"}).status_code
        == 404
    )
    assert User.objects.get(pk=other.pk).roles == frozenset({Role.INTERVIEWER})


@pytest.mark.parametrize("accounts", [10, 100])
def test_the_account_list_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, accounts
):
    UserFactory.create_batch(accounts, roles=[Role.INTERVIEWER])
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:staff-list"))
    assert len(response.context["rows"]) == min(accounts + 1, 50)
