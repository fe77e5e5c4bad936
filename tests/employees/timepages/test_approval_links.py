"""The approver's one-tap link (issue 18 point 11): the notice carries a link signed for
its reader; opening it decides nothing; the POST decides through the services; an
altered, expired, someone else's, decided, changed or wrong-kind link is refused and
changes nothing."""

import re
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from employees.attendance.corrections import punch_correction_request
from employees.attendance.overtime import overtime_request
from employees.leave.documents import leave_document_upload
from employees.leave.requests import available_hours, leave_request_approve, leave_request_submit
from employees.models import (
    LeaveEntry,
    LeaveRequest,
    OvertimeRequest,
    Punch,
    PunchCorrection,
    RequestStatus,
)
from employees.services.sensitive import health_consent_give
from employees.timepages import approval_links
from employees.timepages.approval_links import SALT, approval_token, approval_url
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import ChatRobot, OutboxMessage
from recruiting.interviews.links import respond_token
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import Team, team
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = timezone.get_default_timezone()
# The shipped calendar: 30 September 2026 a Wednesday workday, 1 October National Day.
EVE, NATIONAL_DAY = date(2026, 9, 30), date(2026, 10, 1)
LINK = re.compile(r"https?://[^\s)\]]+/employees/time/approve/[^/\s)\]]+/")


@pytest.fixture
def scene() -> Team:
    with translation.override("en"):
        found = team()
    for user in (found.boss_user, found.report_user):
        user.language = "en"
        user.save(update_fields=["language"])
    grant(found.report, "annual", "40")
    return found


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _ask(scene: Team, start: date = EVE, end: date = NATIONAL_DAY, code: str = "annual") -> Any:
    return leave_request_submit(
        employee=scene.report, leave_type=leave_type(code), start_day=start, end_day=end,
        actor=scene.report_user,
    )  # fmt: skip


def _path(url: str) -> str:
    return urlsplit(url).path


def _link_in(message: OutboxMessage) -> str:
    found = LINK.findall(message.body)
    assert len(found) == 1, message.body
    return _path(found[0])


def _available(scene: Team) -> Decimal:
    return available_hours(scene.report, leave_type("annual"), date(2026, 12, 31))


def _decisions_audited() -> int:
    """Audit rows of time decisions (signing in is audited too, and is no decision)."""
    return AuditEvent.objects.exclude(action__startswith="accounts.").count()


def _unchanged(request: Any, audit_before: int) -> None:
    """The request still waits, nothing was booked or audited."""
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    assert _decisions_audited() == audit_before
    assert not LeaveEntry.objects.filter(kind=LeaveEntry.Kind.TAKEN).exists()


def test_the_managers_notice_carries_a_link_that_opens_and_approves(client, scene):
    """Given the manager's e-mail, when they open its link and tap Approve, the leave is
    approved and taken from the balance, audited, and the employee is told."""
    request = _ask(scene)
    waiting = OutboxMessage.objects.get(event="leave_request_waiting")
    assert waiting.recipient == scene.boss_user.email
    assert "Approve or decline it in one tap" in waiting.body
    link = _link_in(waiting)
    assert _available(scene) == Decimal("32.00")  # 8 hours pending

    client.force_login(scene.boss_user)
    page = client.get(link)
    assert page.status_code == 200
    text = page.content.decode()
    for shown in ("陈静", "Statutory annual leave", "2026-09-30", 'data-testid="approve"'):
        assert shown in text
    assert 'data-testid="decline"' in text
    assert "no-store" in page["Cache-Control"]

    answer = client.post(link, {"decision": "approve"})
    assert answer.status_code == 302
    assert answer.url == reverse("employees:time-approvals")
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
    assert request.manager_decided_by == scene.boss_user
    taken = LeaveEntry.objects.get(request=request, kind=LeaveEntry.Kind.TAKEN)
    assert taken.hours == Decimal("-8.00")
    assert _available(scene) == Decimal("32.00")  # now taken, no longer pending
    assert AuditEvent.objects.filter(action="employees.leave_request_approve").count() == 1
    decided = OutboxMessage.objects.get(event="leave_request_decided")
    assert decided.recipient == scene.report_user.email
    # Used once: the same link again finds the request decided.
    again = client.get(link)
    assert again.status_code == 409
    assert "decided or withdrawn already" in again.content.decode()


def test_opening_the_link_decides_nothing(client, scene):
    """Chat apps fetch a posted link to preview it: any number of GETs change nothing."""
    request = _ask(scene)
    link = _path(approval_url(request, scene.boss_user))
    audit_before = _decisions_audited()
    client.force_login(scene.boss_user)
    for _turn in range(3):
        assert client.get(link).status_code == 200
    assert client.head(link).status_code == 200
    _unchanged(request, audit_before)


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(client, scene):
    request = _ask(scene)
    link = _path(approval_url(request, scene.boss_user))
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url
    assert "/employees/time/approve/" in response.url
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def _altered(token: str) -> str:
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


def _expired(request: Any, user: Any, monkeypatch: Any) -> str:
    """A token signed a day after the links' limit ago."""
    then = int(time.time() - approval_links.MAX_AGE.total_seconds() - 86400)
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return approval_token(request, user)


def _signed(**data: Any) -> str:
    return signing.dumps(data, salt=SALT, compress=True)


@pytest.mark.parametrize(
    ("case", "status", "words"),
    [
        ("altered", 404, "not valid"),
        ("expired", 410, "expired"),
        ("other_user", 403, "sent to someone else"),
        ("unknown_kind", 404, "not valid"),
        ("other_salt", 404, "not valid"),
        ("gone", 404, "no longer exists"),
        ("huge_id", 404, "no longer exists"),
        ("nan_id", 404, "not valid"),
        ("superscript_id", 404, "not valid"),
        ("nul_token", 400, "Go back and try again"),
        ("superscript_token", 404, "not valid"),
    ],
)
def test_a_bad_link_is_refused_and_changes_nothing(client, scene, monkeypatch, case, status, words):
    """Given a link altered, expired, sent to another person, naming a kind that does
    not exist, signed for something else, or naming a request that does not exist,
    neither opening it nor posting Approve changes anything."""
    request = _ask(scene)
    boss = scene.boss_user
    version = approval_links.request_version(request)
    tokens = {
        "altered": lambda: _altered(approval_token(request, boss)),
        "expired": lambda: _expired(request, boss, monkeypatch),
        "other_user": lambda: approval_token(request, scene.hr),
        "unknown_kind": lambda: _signed(k="payslip", r=request.pk, u=boss.pk, v=version),
        "other_salt": lambda: respond_token(interview_id=request.pk, sequence=0),
        "gone": lambda: _signed(k="overtime", r=request.pk + 10_000, u=boss.pk, v=version),
        # Signed by us, so past the signature check, with ids no database column holds.
        "huge_id": lambda: _signed(k="leave", r=10**30, u=boss.pk, v=version),
        "nan_id": lambda: _signed(k="leave", r="NaN", u=boss.pk, v=version),
        "superscript_id": lambda: _signed(k="leave", r="²", u="²", v=version),
        "nul_token": lambda: "abc\x00def",
        "superscript_token": lambda: "²",
    }
    link = reverse("employees:time-approval-link", kwargs={"token": tokens[case]()})
    audit_before = _decisions_audited()
    client.force_login(boss)
    page = client.get(link)
    assert page.status_code == status
    assert words in page.content.decode()
    assert 'data-testid="approve"' not in page.content.decode()
    assert client.post(link, {"decision": "approve"}).status_code == status
    _unchanged(request, audit_before)


def test_the_link_works_only_for_the_person_it_was_sent_to(client, scene):
    """The manager's link opened by HR (who may decide too) or by a colleague: refused,
    with a way to sign out and in as the right person; nothing changes."""
    request = _ask(scene)
    link = _path(approval_url(request, scene.boss_user))
    audit_before = _decisions_audited()
    for someone in (scene.hr, UserFactory(roles=[Role.EMPLOYEE]), scene.report_user):
        client.force_login(someone)
        page = client.get(link)
        assert page.status_code == 403
        assert 'data-testid="switch-user"' in page.content.decode()
        assert client.post(link, {"decision": "approve"}).status_code == 403
    _unchanged(request, audit_before)


def test_a_link_for_a_decided_request_is_refused(client, scene):
    request = _ask(scene)
    link = _path(approval_url(request, scene.boss_user))
    leave_request_approve(request=request, actor=scene.boss_user)
    entries = LeaveEntry.objects.count()
    client.force_login(scene.boss_user)
    for method in (client.get, client.post):
        page = method(link, {"decision": "decline", "note": "too late"})
        assert page.status_code == 409
        assert "decided or withdrawn already" in page.content.decode()
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
    assert LeaveEntry.objects.count() == entries


def test_a_link_sent_before_the_request_changed_is_refused(client, scene):
    """The request saved again after the link was sent (its version moved on): the old
    link decides nothing; a link for the new version works."""
    request = _ask(scene)
    old = _path(approval_url(request, scene.boss_user))
    request.save(update_fields=["updated_at"])
    audit_before = _decisions_audited()
    client.force_login(scene.boss_user)
    page = client.post(old, {"decision": "approve"})
    assert page.status_code == 409
    assert "changed since the message" in page.content.decode()
    _unchanged(request, audit_before)
    fresh = _path(approval_url(request, scene.boss_user))
    assert client.post(fresh, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED


def test_the_managers_link_ends_at_the_hr_step_and_hr_gets_their_own(client, scene):
    """A long request: the manager approves by link, the same link cannot approve again
    at the HR step, and the HR admin's notice carries a link that completes it."""
    request = _ask(scene, date(2026, 9, 14), date(2026, 9, 18))  # 5 workdays: HR too (over 3)
    assert request.needs_hr
    manager_link = _path(approval_url(request, scene.boss_user))
    client.force_login(scene.boss_user)
    assert client.post(manager_link, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.step) == (RequestStatus.PENDING, LeaveRequest.Step.HR)
    refused = client.post(manager_link, {"decision": "approve"})
    assert refused.status_code == 403
    assert "no longer waits for your decision" in refused.content.decode()
    hr_notice = OutboxMessage.objects.get(event="leave_request_waiting", recipient=scene.hr.email)
    client.force_login(scene.hr)
    assert client.post(_link_in(hr_notice), {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
    assert _available(scene) == Decimal("0.00")


def test_declining_by_link_needs_a_reason(client, scene):
    request = _ask(scene)
    link = _path(approval_url(request, scene.boss_user))
    audit_before = _decisions_audited()
    client.force_login(scene.boss_user)
    empty = client.post(link, {"decision": "decline", "note": "  "})
    assert empty.status_code == 400
    assert "why it is declined" in empty.content.decode()
    _unchanged(request, audit_before)
    assert client.post(link, {"decision": "decline", "note": "项目上线"}).status_code == 302
    request.refresh_from_db()
    assert (request.status, request.decision_note) == (LeaveRequest.Status.DECLINED, "项目上线")


def test_overtime_and_a_punch_correction_are_decided_by_their_links(client, scene):
    """The attendance notices carry links too; they go through overtime_decide and
    punch_correction_decide (a corrected punch is stored)."""
    day = date(2026, 11, 4)
    overtime = overtime_request(
        employee=scene.report, day=day, starts=datetime.combine(day, clock(18), SHANGHAI),
        ends=datetime.combine(day, clock(20), SHANGHAI), actor=scene.report_user,
    )  # fmt: skip
    correction = punch_correction_request(
        employee=scene.report, day=day, at=datetime.combine(day, clock(9), SHANGHAI),
        reason="门禁故障", actor=scene.report_user,
    )  # fmt: skip
    notices = OutboxMessage.objects.filter(
        event="attendance_request_waiting", recipient=scene.boss_user.email
    ).order_by("pk")
    overtime_link, correction_link = (_link_in(notice) for notice in notices)
    client.force_login(scene.boss_user)
    page = client.get(overtime_link)
    assert page.status_code == 200
    assert "18:00–20:00" in page.content.decode()
    assert client.get(correction_link).status_code == 200
    assert "门禁故障" in client.get(correction_link).content.decode()
    assert client.post(overtime_link, {"decision": "decline", "note": "不需要"}).status_code == 302
    assert client.post(correction_link, {"decision": "approve"}).status_code == 302
    assert OvertimeRequest.objects.get(pk=overtime.pk).status == RequestStatus.DECLINED
    assert PunchCorrection.objects.get(pk=correction.pk).status == RequestStatus.APPROVED
    assert Punch.objects.filter(employee=scene.report, source="correction").count() == 1


def test_a_link_of_one_kind_does_not_reach_a_request_of_another(client, scene):
    """A leave link's fields under the overtime kind, where an overtime request has the
    same id: refused, because the token's version is the leave's."""
    day = date(2026, 11, 4)
    request = _ask(scene)
    overtime = overtime_request(
        employee=scene.report, day=day, starts=datetime.combine(day, clock(18), SHANGHAI),
        ends=datetime.combine(day, clock(19), SHANGHAI), actor=scene.report_user,
    )  # fmt: skip
    token = _signed(
        k="overtime",
        r=overtime.pk,
        u=scene.boss_user.pk,
        v=approval_links.request_version(request),
    )
    link = reverse("employees:time-approval-link", kwargs={"token": token})
    client.force_login(scene.boss_user)
    answer = client.post(link, {"decision": "approve"})
    assert answer.status_code == 409
    overtime.refresh_from_db()
    assert overtime.status == RequestStatus.PENDING


def test_a_team_chat_robot_posts_the_notice_with_each_approvers_link(client, scene):
    """A robot HR chose the event for posts it with a one-tap link per approver (markdown
    on WeCom); a robot left on "every HR alert" does not; the link works for the
    manager only, and a health-related leave's kind stays out of the group."""
    chosen = ChatRobot.objects.create(
        name="研发部群", kind=ChatRobot.Kind.WECOM, events=["leave_request_waiting"],
        credentials={"webhook_url": "http://127.0.0.1:9/hook"},
    )  # fmt: skip
    ChatRobot.objects.create(
        name="HR 告警群", kind=ChatRobot.Kind.FEISHU, events=[],
        credentials={"webhook_url": "http://127.0.0.1:9/hook2"},
    )  # fmt: skip
    request = _ask(scene)
    posted = OutboxMessage.objects.get(channel=OutboxMessage.Channel.CHAT)
    assert posted.recipient == str(chosen.pk)
    assert posted.event == "leave_request_waiting"
    assert "[张伟 · " in posted.body  # the tap target names whose link it is
    link = _link_in(posted)
    client.force_login(scene.report_user)  # a colleague in the group
    assert client.get(link).status_code == 403
    client.force_login(scene.boss_user)
    assert client.post(link, {"decision": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED

    health_consent_give(employee=scene.report, actor=scene.report_user)
    note = leave_document_upload(
        employee=scene.report, leave_type=leave_type("sick"), name="note.pdf",
        data=b"%PDF-1.4 a scanned note", actor=scene.report_user,
    )  # fmt: skip
    sick = leave_request_submit(
        employee=scene.report, leave_type=leave_type("sick"), start_day=date(2026, 11, 2),
        end_day=date(2026, 11, 2), actor=scene.report_user, document=note,
    )  # fmt: skip
    group = OutboxMessage.objects.get(
        channel=OutboxMessage.Channel.CHAT, idempotency_key__contains=f":{sick.pk}:"
    )
    assert "病假" not in group.body
    assert "Sick" not in group.body
    assert "休假" in group.body or "leave" in group.body
    to_boss = OutboxMessage.objects.get(
        channel=OutboxMessage.Channel.EMAIL,
        event="leave_request_waiting",
        idempotency_key__contains=f":{sick.pk}:",
    )
    assert "Sick leave" in to_boss.body  # the approver reads the kind, as on Approvals


def test_the_notice_in_chinese_carries_the_link(scene):
    scene.boss_user.language = "zh-hans"
    scene.boss_user.save(update_fields=["language"])
    _ask(scene)
    waiting = OutboxMessage.objects.get(event="leave_request_waiting")
    assert "一键批准或拒绝" in waiting.body
    assert LINK.search(waiting.body)


def test_tokens_name_kind_request_person_and_version(scene):
    request = _ask(scene)
    read = approval_links.approval_token_read(approval_token(request, scene.boss_user))
    assert read.kind == approval_links.Kind.LEAVE
    assert (read.request_id, read.user_id) == (request.pk, scene.boss_user.pk)
    assert read.version.startswith("manager:")
    assert timedelta(days=1) < approval_links.MAX_AGE <= timedelta(days=31)
