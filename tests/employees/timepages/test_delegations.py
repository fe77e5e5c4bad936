"""A manager's delegations page (from Approvals): set "while I am away from A to B, my
approvals go to X", see and end one's own; 404 for anyone who manages nobody and for
someone else's delegation; refusals are form errors. A delegate set here decides the
team's leave for that period only."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from employees.leave.requests import leave_request_submit
from employees.models import LeaveDelegation, LeaveRequest
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import Team, team
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "employees:time-delegations"
END = "employees:time-delegation-end"
TODAY = timezone.localdate()
DAY = timedelta(days=1)
# A Monday three weeks or so ahead: a workday, pending through every period below.
LEAVE_DAY = TODAY + timedelta(days=21 - TODAY.weekday())


@pytest.fixture
def scene(client: Any) -> Team:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        found = team()
    grant(found.report, "annual", "80", on=date(TODAY.year, 1, 1))
    return found


@pytest.fixture
def deputy() -> User:
    return UserFactory(roles=[Role.EMPLOYEE], full_name="代理人")


def _form(to: User, starts: date, ends: date) -> dict[str, str]:
    return {"to_user": str(to.pk), "starts": starts.isoformat(), "ends": ends.isoformat()}


def _delegate(client: Any, boss: User, to: User, starts: date, ends: date) -> Any:
    client.force_login(boss)
    return client.post(reverse(PAGE), _form(to, starts, ends))


@pytest.mark.parametrize("who", ["report", "hr", "recruiter", "deputy"])
def test_someone_who_manages_nobody_gets_404_and_no_link(client, scene, deputy, who):
    user = {"report": scene.report_user, "hr": scene.hr, "recruiter": scene.recruiter,
            "deputy": deputy}[who]  # fmt: skip
    client.force_login(user)
    assert client.get(reverse(PAGE)).status_code == 404
    assert client.post(reverse(PAGE), _form(deputy, TODAY, TODAY)).status_code == 404
    assert not LeaveDelegation.objects.exists()
    approvals = client.get(reverse("employees:time-approvals")).content.decode()
    assert 'data-testid="delegations-link"' not in approvals


def test_a_manager_reaches_the_page_from_approvals_and_sets_a_delegation(client, scene, deputy):
    client.force_login(scene.boss_user)
    approvals = client.get(reverse("employees:time-approvals")).content.decode()
    assert f'href="{reverse(PAGE)}" data-testid="delegations-link"' in approvals
    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    assert 'data-testid="delegations-empty"' in page.content.decode()
    response = client.post(reverse(PAGE), _form(deputy, TODAY + DAY, TODAY + 3 * DAY))
    assert response.status_code == 302
    delegation = LeaveDelegation.objects.get()
    assert (delegation.from_user, delegation.to_user) == (scene.boss_user, deputy)
    assert (delegation.starts, delegation.ends) == (TODAY + DAY, TODAY + 3 * DAY)
    listed = client.get(reverse(PAGE)).content.decode()
    assert listed.count('data-testid="delegation-row"') == 1
    assert "代理人" in listed


def test_the_choice_list_holds_active_colleagues_only(client, scene, deputy):
    gone = UserFactory(roles=[Role.EMPLOYEE], is_active=False, full_name="已离职")
    client.force_login(scene.boss_user)
    page = client.get(reverse(PAGE)).content.decode()
    assert f'value="{deputy.pk}"' in page
    assert f'value="{gone.pk}"' not in page
    assert f'value="{scene.boss_user.pk}"' not in page
    for outsider in (gone, scene.boss_user):
        response = client.post(reverse(PAGE), _form(outsider, TODAY, TODAY))
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
    garbled = client.post(reverse(PAGE), {"to_user": "x", "starts": "31/02", "ends": ""})
    assert garbled.status_code == 400
    assert not LeaveDelegation.objects.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (TODAY + 4 * DAY, TODAY + DAY, "The delegation ends before it starts."),
        (TODAY - DAY, TODAY + DAY, "A delegation starts today or later."),
        (TODAY + 2 * DAY, TODAY + 6 * DAY, "These approvals already go to someone from"),
    ],
)
def test_an_invalid_or_overlapping_period_is_a_form_error(
    client, scene, deputy, starts, ends, message
):
    LeaveDelegation.objects.create(
        from_user=scene.boss_user, to_user=deputy, starts=TODAY + DAY, ends=TODAY + 3 * DAY
    )
    response = _delegate(client, scene.boss_user, UserFactory(roles=[Role.EMPLOYEE]), starts, ends)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert LeaveDelegation.objects.count() == 1


def test_ending_is_for_ones_own_delegation_only(client, scene, deputy):
    other_boss = UserFactory(roles=[Role.EMPLOYEE])
    theirs = LeaveDelegation.objects.create(
        from_user=other_boss, to_user=deputy, starts=TODAY, ends=TODAY + DAY
    )
    mine = LeaveDelegation.objects.create(
        from_user=scene.boss_user, to_user=deputy, starts=TODAY + DAY, ends=TODAY + 2 * DAY
    )
    for user in (scene.boss_user, deputy, scene.hr):
        client.force_login(user)
        assert client.post(reverse(END, kwargs={"pk": theirs.pk})).status_code == 404
    client.force_login(deputy)  # the delegate does not end the manager's delegation
    assert client.post(reverse(END, kwargs={"pk": mine.pk})).status_code == 404
    assert LeaveDelegation.objects.count() == 2
    client.force_login(scene.boss_user)
    page = client.get(reverse(PAGE)).content.decode()
    assert page.count('data-testid="delegation-row"') == 1
    response = client.post(reverse(END, kwargs={"pk": mine.pk}))
    assert response.status_code == 302
    assert list(LeaveDelegation.objects.all()) == [theirs]
    assert client.get(reverse(END, kwargs={"pk": theirs.pk})).status_code == 405


def _on(monkeypatch: Any, day: date) -> None:
    """Today is `day` for the pages and the services."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _sees(client: Any, user: User, request: LeaveRequest) -> bool:
    client.force_login(user)
    page = client.get(reverse("employees:time-approvals")).content.decode()
    return f'action="{reverse("employees:time-decide-leave", kwargs={"pk": request.pk})}"' in page


def test_a_delegate_set_here_decides_for_the_period_only(client, scene, deputy, monkeypatch):
    starts, ends = TODAY + 2 * DAY, TODAY + 4 * DAY
    assert _delegate(client, scene.boss_user, deputy, starts, ends).status_code == 302
    request = leave_request_submit(
        employee=scene.report, leave_type=leave_type("annual"), start_day=LEAVE_DAY,
        end_day=LEAVE_DAY, actor=scene.report_user,
    )  # fmt: skip
    decide = reverse("employees:time-decide-leave", kwargs={"pk": request.pk})

    # Before the period: the manager's alone.
    _on(monkeypatch, starts - DAY)
    assert not _sees(client, deputy, request)
    assert client.post(decide, {"decision": "approve"}).status_code == 404

    # After it: the manager's again.
    _on(monkeypatch, ends + DAY)
    assert not _sees(client, deputy, request)
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    assert _sees(client, scene.boss_user, request)

    # During it: the delegate sees it and approves it (the manager still may).
    _on(monkeypatch, ends)
    assert _sees(client, scene.boss_user, request)
    assert _sees(client, deputy, request)
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
    assert request.manager_decided_by == deputy


def test_an_ended_delegation_no_longer_lets_the_delegate_decide(client, scene, deputy):
    assert _delegate(client, scene.boss_user, deputy, TODAY, TODAY + DAY).status_code == 302
    request = leave_request_submit(
        employee=scene.report, leave_type=leave_type("annual"), start_day=LEAVE_DAY,
        end_day=LEAVE_DAY, actor=scene.report_user,
    )  # fmt: skip
    assert _sees(client, deputy, request)
    client.force_login(scene.boss_user)
    client.post(reverse(END, kwargs={"pk": LeaveDelegation.objects.get().pk}))
    assert not _sees(client, deputy, request)
    decide = reverse("employees:time-decide-leave", kwargs={"pk": request.pk})
    assert client.post(decide, {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.PENDING
