"""The time pages (issue 18 points 4, 7, 10, 11): who sees and decides what, another
person's request is 404, refusals are form errors, lists at constant queries."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from employees.attendance.consent import LOCATION_CONSENT_KIND
from employees.attendance.corrections import punch_correction_request
from employees.attendance.overtime import overtime_request
from employees.leave.requests import leave_request_submit
from employees.models import (
    EmployeeConsent,
    LeaveDelegation,
    LeaveEntry,
    LeaveRequest,
    LegalRule,
    MonthConfirmation,
    Punch,
    PunchCorrection,
    RequestStatus,
)
from hrflow.accounts.roles import Role
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import Team, employee_make, team
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = timezone.get_default_timezone()
# The shipped calendar: 30 September 2026 a Wednesday workday, 1 October National Day.
EVE, NATIONAL_DAY = date(2026, 9, 30), date(2026, 10, 1)


@pytest.fixture
def scene() -> Team:
    with translation.override("en"):
        found = team()
    grant(found.report, "annual", "40")
    return found


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _ask(scene: Team, start: date = EVE, end: date = NATIONAL_DAY, **kw: Any) -> LeaveRequest:
    return leave_request_submit(
        employee=kw.pop("employee", scene.report), leave_type=leave_type("annual"),
        start_day=start, end_day=end, actor=kw.pop("actor", scene.report_user), **kw,
    )  # fmt: skip


def test_the_employee_asks_for_leave_over_a_holiday_and_only_the_workday_is_taken(client, scene):
    client.force_login(scene.report_user)
    response = client.post(
        reverse("employees:time-leave-new"),
        {"leave_type": leave_type("annual").pk, "start_day": "2026-09-30",
         "end_day": "2026-10-01", "reason": "回家"},
    )  # fmt: skip
    assert response.status_code == 302
    request = LeaveRequest.objects.get(employee=scene.report)
    assert request.hours == Decimal("8.00")
    page = client.get(reverse("employees:time-me")).content.decode()
    assert "waiting for 张伟" in page
    assert ">32<" in page
    assert ">8<" in page


def test_a_refusal_is_a_form_error_on_its_field_and_changes_nothing(client, scene):
    client.force_login(scene.report_user)
    response = client.post(
        reverse("employees:time-leave-new"),
        {"leave_type": leave_type("annual").pk, "start_day": "2026-10-01",
         "end_day": "2026-10-03"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "No working time falls between these days" in response.content.decode()
    assert not LeaveRequest.objects.exists()
    garbled = client.post(
        reverse("employees:time-leave-new"),
        {"leave_type": "x", "start_day": "31/02", "end_day": "", "hours_asked": "NaN"},
    )
    assert garbled.status_code == 400
    sick = client.post(
        reverse("employees:time-leave-new"),
        {"leave_type": leave_type("sick").pk, "start_day": "2026-11-02", "end_day": "2026-11-02"},
    )
    assert "needs a supporting document" in sick.content.decode()


def test_a_sick_note_is_uploaded_with_the_request(client, scene):
    client.force_login(scene.report_user)
    note = _upload("note.pdf", b"%PDF-1.4 a scanned note")
    response = client.post(
        reverse("employees:time-leave-new"),
        {"leave_type": leave_type("sick").pk, "start_day": "2026-11-02",
         "end_day": "2026-11-02", "document": note, "health_consent": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    request = LeaveRequest.objects.get(employee=scene.report)
    assert request.document is not None
    assert request.document.kind == "medical"


def _upload(name: str, data: bytes) -> Any:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_another_persons_request_is_404_for_cancel_change_and_decide(client, scene):
    theirs = _ask(scene)
    stranger = UserFactory(roles=[Role.EMPLOYEE])
    employee_make(name="路人", user=stranger)
    client.force_login(stranger)
    for name in ("employees:time-leave-cancel", "employees:time-decide-leave"):
        assert client.post(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    assert (
        client.get(reverse("employees:time-leave-change", kwargs={"pk": theirs.pk})).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == LeaveRequest.Status.PENDING


def test_cancel_and_change_go_through_the_services(client, scene):
    first = _ask(scene, date(2027, 1, 4), date(2027, 1, 4))
    client.force_login(scene.report_user)
    response = client.post(
        reverse("employees:time-leave-change", kwargs={"pk": first.pk}),
        {"start_day": "2027-01-05", "end_day": "2027-01-06"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    new = LeaveRequest.objects.get(replaces=first)
    assert first.status == "cancelled"
    assert new.hours == Decimal("16.00")
    client.post(reverse("employees:time-leave-cancel", kwargs={"pk": new.pk}))
    new.refresh_from_db()
    assert new.status == "cancelled"


@pytest.mark.parametrize(
    ("who", "sees"),
    [("boss", True), ("delegate", True), ("hr", False), ("report", False), ("recruiter", False)],
)
def test_who_may_decide_the_manager_step(client, scene, who, sees):
    request = _ask(scene)
    delegate = UserFactory(roles=[Role.EMPLOYEE], full_name="代理人")
    today = timezone.localdate()
    LeaveDelegation.objects.create(
        from_user=scene.boss_user, to_user=delegate, starts=today, ends=today
    )
    user = {"boss": scene.boss_user, "delegate": delegate, "hr": scene.hr,
            "report": scene.report_user, "recruiter": scene.recruiter}[who]  # fmt: skip
    client.force_login(user)
    page = client.get(reverse("employees:time-approvals"))
    assert page.status_code == 200
    assert ('data-testid="approval-leave"' in page.content.decode()) is sees
    decided = client.post(
        reverse("employees:time-decide-leave", kwargs={"pk": request.pk}), {"decision": "approve"}
    )
    assert decided.status_code == (302 if sees else 404)
    request.refresh_from_db()
    assert (request.status == LeaveRequest.Status.APPROVED) is sees
    if sees:
        entry = LeaveEntry.objects.get(request=request)
        assert entry.hours == Decimal("-8.00")


def test_hr_decides_the_hr_step_and_a_request_of_someone_without_a_manager(client, scene):
    grant(scene.other, "annual", "40")
    lonely = _ask(scene, employee=scene.other, actor=scene.hr)
    client.force_login(scene.boss_user)
    assert (
        client.post(
            reverse("employees:time-decide-leave", kwargs={"pk": lonely.pk}),
            {"decision": "approve"},
        ).status_code
        == 404
    )
    client.force_login(scene.hr)
    assert (
        'data-testid="approval-leave"'
        in client.get(reverse("employees:time-approvals")).content.decode()
    )
    client.post(
        reverse("employees:time-decide-leave", kwargs={"pk": lonely.pk}),
        {"decision": "decline", "note": "项目上线"},
    )
    lonely.refresh_from_db()
    assert lonely.status == "declined"
    assert lonely.decision_note == "项目上线"


def test_declining_needs_a_reason(client, scene):
    request = _ask(scene)
    client.force_login(scene.boss_user)
    client.post(
        reverse("employees:time-decide-leave", kwargs={"pk": request.pk}),
        {"decision": "decline", "note": "  "},
    )
    request.refresh_from_db()
    assert request.status == "pending"


def test_overtime_over_the_cap_asks_for_the_reason_then_the_manager_approves(client, scene):
    client.force_login(scene.report_user)
    form = {"day": "2026-11-04", "starts": "18:00", "ends": "22:00", "compensation": "pay"}
    refused = client.post(reverse("employees:time-overtime-new"), form)
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "legal cap of 3 hours a day" in body
    assert 'name="override_reason"' in body
    assert (
        'name="override_reason"'
        not in client.get(reverse("employees:time-overtime-new")).content.decode()
    )
    client.post(reverse("employees:time-overtime-new"), {**form, "override_reason": "抢修"})
    [request] = scene.report.overtime_requests.all()
    assert request.minutes == 240
    client.force_login(scene.boss_user)
    client.post(
        reverse("employees:time-decide-overtime", kwargs={"pk": request.pk}),
        {"decision": "approve"},
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


def test_a_correction_is_asked_from_a_day_and_approved_by_the_manager(client, scene):
    client.force_login(scene.report_user)
    page = client.get(reverse("employees:time-correction-new") + "?day=2026-11-04")
    assert page.status_code == 200
    response = client.post(
        reverse("employees:time-correction-new") + "?day=2026-11-04",
        {"day": "2026-11-04", "at": "09:00", "reason": "忘记打卡"},
    )
    assert response.status_code == 302
    correction = PunchCorrection.objects.get(employee=scene.report)
    assert timezone.localtime(correction.at).time() == time(9, 0)
    bad = client.post(
        reverse("employees:time-correction-new"), {"day": "2026-11-04", "at": "09:00", "reason": ""}
    )
    assert bad.status_code == 400
    client.force_login(scene.recruiter)
    assert (
        client.post(
            reverse("employees:time-decide-correction", kwargs={"pk": correction.pk}),
            {"decision": "approve"},
        ).status_code
        == 404
    )
    client.force_login(scene.boss_user)
    client.post(
        reverse("employees:time-decide-correction", kwargs={"pk": correction.pk}),
        {"decision": "approve"},
    )
    correction.refresh_from_db()
    assert correction.status == RequestStatus.APPROVED
    assert Punch.objects.filter(employee=scene.report, source="correction").count() == 1


def test_a_past_month_is_confirmed_and_this_month_cannot_be(client, scene):
    client.force_login(scene.report_user)
    page = client.get(reverse("employees:time-me") + "?month=2026-11").content.decode()
    assert 'data-testid="month-confirm"' in page
    assert (
        'data-testid="month-confirm"'
        not in client.get(reverse("employees:time-me")).content.decode()
    )
    client.post(reverse("employees:time-month-confirm"), {"month": "2026-11"})
    assert MonthConfirmation.objects.filter(employee=scene.report, month=date(2026, 11, 1)).exists()
    this_month = timezone.localdate().strftime("%Y-%m")
    client.post(reverse("employees:time-month-confirm"), {"month": this_month})
    assert MonthConfirmation.objects.filter(employee=scene.report).count() == 1
    client.post(reverse("employees:time-month-confirm"), {"month": "garbage"})
    assert MonthConfirmation.objects.filter(employee=scene.report).count() == 1


def test_check_in_keeps_the_location_only_with_the_consent(client, scene):
    client.force_login(scene.report_user)
    page = client.get(reverse("employees:time-checkin")).content.decode()
    assert "data-locate" not in page
    assert 'name="latitude"' not in page
    client.post(reverse("employees:time-checkin"), {"latitude": "31.2", "longitude": "121.4"})
    punch = Punch.objects.get(employee=scene.report)
    assert punch.source == "phone"
    assert punch.latitude is None
    client.post(reverse("employees:time-location-consent"), {"action": "give"})
    assert EmployeeConsent.objects.filter(
        employee=scene.report, kind=LOCATION_CONSENT_KIND
    ).exists()
    assert "data-locate" in client.get(reverse("employees:time-checkin")).content.decode()
    Punch.objects.all().delete()
    client.post(reverse("employees:time-checkin"), {"latitude": "31.2304", "longitude": "121.4737"})
    assert Punch.objects.get(employee=scene.report).latitude == Decimal("31.230400")
    client.post(reverse("employees:time-location-consent"), {"action": "withdraw"})
    assert not EmployeeConsent.objects.filter(employee=scene.report).exists()


def test_pages_of_an_account_without_an_employee_record_are_404(client, scene):
    client.force_login(scene.recruiter)
    for name in ("employees:time-me", "employees:time-checkin", "employees:time-leave-new"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("employees:time-approvals")).status_code == 200
    assert client.get(reverse("employees:time-calendar")).status_code == 200


def test_the_team_calendar_hides_the_kind_of_sick_leave_from_the_manager(client, scene):
    sick = leave_type("sick")
    sick.needs_document = False
    sick.document_is_health = False
    sick.save()
    leave_request_submit(
        employee=scene.report, leave_type=sick, start_day=date(2026, 11, 2),
        end_day=date(2026, 11, 2), actor=scene.report_user,
    )  # fmt: skip
    sick.needs_document = sick.document_is_health = True
    sick.save()
    client.force_login(scene.boss_user)
    page = client.get(reverse("employees:time-calendar") + "?month=2026-11").content.decode()
    assert "陈静" in page
    assert "Sick leave" not in page
    assert ">Leave<" in page
    client.force_login(scene.hr)
    page = client.get(reverse("employees:time-calendar") + "?month=2026-11").content.decode()
    assert "Sick leave" in page
    other = client.get(
        reverse("employees:time-calendar") + f"?month=2026-11&department={scene.other.pk + 999}"
    ).content.decode()
    assert "陈静" not in other
    client.force_login(scene.recruiter)
    assert (
        "陈静"
        not in client.get(reverse("employees:time-calendar") + "?month=2026-11").content.decode()
    )


def _reports(scene: Team, count: int) -> None:
    for index in range(count):
        person = employee_make(name=f"员工{index}", manager=scene.boss, department=scene.department)
        grant(person, "annual", "40")
        day = date(2026, 11, 2) + timedelta(days=index % 4)
        leave_request_submit(
            employee=person, leave_type=leave_type("annual"), start_day=day, end_day=day,
            actor=scene.hr,
        )  # fmt: skip
        overtime_request(
            employee=person, day=day, starts=datetime.combine(day, time(18), SHANGHAI),
            ends=datetime.combine(day, time(19), SHANGHAI), actor=scene.hr,
        )  # fmt: skip
        punch_correction_request(
            employee=person, day=day, at=datetime.combine(day, time(9), SHANGHAI),
            reason="x", actor=scene.hr,
        )  # fmt: skip


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["employees:time-approvals", "employees:time-calendar"])
def test_constant_queries_for_2_and_8_rows(client, scene, name):
    url = reverse(name) + ("?month=2026-11" if name == "employees:time-calendar" else "")
    client.force_login(scene.boss_user)
    _reports(scene, 2)
    client.get(url)
    few = _queries(client, url)
    _reports(scene, 6)
    many = _queries(client, url)
    assert few == many
    page = client.get(url).content.decode()
    marker = (
        'data-testid="approval-leave"' if "approvals" in name else 'data-testid="calendar-absence"'
    )
    assert page.count(marker) == 8


def test_my_time_shows_the_medical_treatment_period(client, scene):
    client.force_login(scene.report_user)
    page = client.get(reverse("employees:time-me")).content.decode()
    assert re.search(r"Medical treatment period: 0 of (90|180|270|360|540|720) days", page)


def test_my_time_without_the_medical_rule_still_opens(client, scene):
    LegalRule.objects.filter(code="leave.medical_period").delete()
    client.force_login(scene.report_user)
    response = client.get(reverse("employees:time-me"))
    assert response.status_code == 200
    assert "Medical treatment period" not in response.content.decode()
