"""Leave, the holiday calendar, shifts, punches and daily results through the API: each
list scoped (the employee their own, the manager their report, HR all, the recruiter
nobody), another person's id 404, bad input a 400 that writes nothing, the services'
refusals a 400 with their sentence, idempotent bulk punches, and lists at constant
queries."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from employees.attendance.punches import PunchInput, punches_record
from employees.attendance.recompute import daily_results_recompute
from employees.leave.requests import leave_request_submit
from employees.models import (
    CalendarDay,
    DailyResult,
    Employee,
    LeaveRequest,
    Punch,
    PunchSource,
    Shift,
    ShiftPattern,
)
from hrflow.core.models import AuditEvent
from tests.employees.api.scene import Org
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import employee_make
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
TUESDAY = date(2026, 3, 10)
WEDNESDAY = date(2026, 3, 11)
ROLES = ("hr_admin", "manager", "employee", "recruiter")
SCOPE = {
    "hr_admin": {"E900002", "E900003"},
    "manager": {"E900002"},
    "employee": {"E900002"},
    "recruiter": set(),
}


@dataclass
class Time:
    org: Org
    own: LeaveRequest  # E's, pending
    others: LeaveRequest  # O's, pending


def client_as(org: Org, role: str) -> APIClient:
    """A token client whose answers are in English (the refusals are matched in it)."""
    user = org.users[role]
    if user is not None:
        user.language = "en"
        user.save(update_fields=["language"])
    client = token_client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI).isoformat()


def ask(employee: Employee, actor: Any, day: date, code: str = "bereavement") -> LeaveRequest:
    return leave_request_submit(
        employee=employee, leave_type=leave_type(code), start_day=day, end_day=day, actor=actor
    )


def attend(employees: list[Employee], day: date = TUESDAY) -> None:
    punches_record(
        rows=[
            PunchInput(e.number, datetime.fromisoformat(at(day, hour)), "gate")
            for e in employees
            for hour in (9, 18)
        ],
        source=PunchSource.API,
        actor=None,
    )
    daily_results_recompute(employee_ids=[e.pk for e in employees], start=day, end=day)


@pytest.fixture
def world(org: Org) -> Time:
    hr = org.users["hr_admin"]
    own = ask(org.employee, org.users["employee"], TUESDAY)
    others = ask(org.other, hr, TUESDAY)
    attend([org.employee, org.other])
    return Time(org, own, others)


def _numbers(body: dict) -> set[str]:
    return {row["employee"]["number"] for row in body["results"]}


# --- scope ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("api:leave-request-list", {}),
        ("api:punch-list", {"day_after": "2026-03-10", "day_before": "2026-03-10"}),
        ("api:daily-result-list", {"employee": "", "day_after": "2026-03-01"}),
    ],
)
def test_each_list_shows_whom_the_caller_may_see(
    world: Time, role: str, name: str, params: dict
) -> None:
    response = client_as(world.org, role).get(reverse(name), params)

    assert response.status_code == 200, response.content
    assert _numbers(response.json()) == SCOPE[role]


@pytest.mark.parametrize("role", ["manager", "employee", "recruiter"])
def test_another_persons_request_and_balance_are_404(world: Time, role: str) -> None:
    client = client_as(world.org, role)
    pk = world.others.pk

    detail = client.get(reverse("api:leave-request-detail", kwargs={"pk": pk}))
    approve = client.post(reverse("api:leave-request-approve", kwargs={"pk": pk}), {})
    cancel = client.post(reverse("api:leave-request-cancel", kwargs={"pk": pk}), {})
    balance = client.get(reverse("api:leave-balance-list"), {"employee": world.org.other.pk})
    submit = client.post(
        reverse("api:leave-request-list"),
        {"employee": world.org.other.pk, "leave_type": "bereavement",
         "start_day": "2026-03-12", "end_day": "2026-03-12"},
    )  # fmt: skip

    assert [r.status_code for r in (detail, approve, cancel, balance, submit)] == [404] * 5
    assert set(detail.json()) == {"message", "errors"}
    world.others.refresh_from_db()
    assert world.others.status == "pending"
    assert LeaveRequest.objects.filter(employee=world.org.other).count() == 1


def test_the_recruiter_reads_the_companys_rules_but_no_one_s_time(world: Time) -> None:
    client = client_as(world.org, "recruiter")

    types = client.get(reverse("api:leave-type-list")).json()["results"]
    holidays = client.get(reverse("api:holiday-list"), {"year": 2026}).json()["results"]
    balance = client.get(reverse("api:leave-balance-list"), {"employee": world.org.employee.pk})

    assert "annual" in {row["code"] for row in types}
    assert len(holidays) > 13
    assert balance.status_code == 404


# --- leave ---------------------------------------------------------------------------


def test_the_employee_asks_and_the_manager_approves(world: Time) -> None:
    own = client_as(world.org, "employee")
    created = own.post(
        reverse("api:leave-request-list"),
        {"employee": world.org.employee.pk, "leave_type": "bereavement",
         "start_day": "2026-03-12", "end_day": "2026-03-12", "reason": "家事"},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["hours"], body["leave_type"]["code"]) == (
        "pending", 8.0, "bereavement",
    )  # fmt: skip

    approve = reverse("api:leave-request-approve", kwargs={"pk": body["id"]})
    refused = own.post(approve, {})
    approved = client_as(world.org, "manager").post(approve, {"note": "ok"})

    assert refused.status_code == 400
    assert refused.json()["message"] == "Nobody decides their own leave request."
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"


def test_a_decline_needs_its_reason_and_a_cancel_works_once(world: Time) -> None:
    manager = client_as(world.org, "manager")
    decline = reverse("api:leave-request-decline", kwargs={"pk": world.own.pk})

    silent = manager.post(decline, {"note": "  "})
    world.own.refresh_from_db()
    assert silent.status_code == 400
    assert silent.json()["message"] == "Say why the leave is declined."
    assert world.own.status == "pending"

    cancel = reverse("api:leave-request-cancel", kwargs={"pk": world.own.pk})
    first = client_as(world.org, "employee").post(cancel, {"reason": "plans changed"})
    again = client_as(world.org, "employee").post(cancel, {})
    assert first.status_code == 200
    assert first.json()["status"] == "cancelled"
    assert again.status_code == 400
    assert again.json()["message"] == "This request is no longer pending or approved."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"leave_type": "holiday"}, "leave_type"),
        ({"end_day": "2026-03-09"}, "end_day"),
        ({"start_day": "10/03/2026"}, "start_day"),
        ({"start_day": "2026-03-14", "end_day": "2026-03-15"}, "end_day"),  # a weekend
        ({"hours_asked": "4"}, "hours_asked"),
        ({"employee": "E900002"}, "employee"),
    ],
)
def test_a_bad_request_is_a_400_and_writes_nothing(world: Time, body: dict, field: str) -> None:
    count = LeaveRequest.objects.count()
    sent = {
        "employee": world.org.employee.pk, "leave_type": "bereavement",
        "start_day": "2026-03-12", "end_day": "2026-03-12", **body,
    }  # fmt: skip

    response = client_as(world.org, "employee").post(reverse("api:leave-request-list"), sent)

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert LeaveRequest.objects.count() == count


def test_a_balance_as_of_a_day_keeps_back_what_is_pending(world: Time) -> None:
    grant(world.org.employee, "annual", "40", on=date(2026, 1, 1))
    ask(world.org.employee, world.org.users["employee"], WEDNESDAY, code="annual")
    url = reverse("api:leave-balance-list")

    now = client_as(world.org, "manager").get(
        url, {"employee": world.org.employee.pk, "as_of": "2026-06-30"}
    )
    before = client_as(world.org, "employee").get(
        url, {"employee": world.org.employee.pk, "as_of": "2025-12-31"}
    )
    bad = client_as(world.org, "employee").get(
        url, {"employee": world.org.employee.pk, "as_of": "x"}
    )

    rows = {row["leave_type"]["code"]: row for row in now.json()}
    assert (rows["annual"]["balance_hours"], rows["annual"]["pending_hours"]) == (40.0, 8.0)
    assert rows["annual"]["available_hours"] == 32.0
    assert {row["leave_type"]["code"]: row["balance_hours"] for row in before.json()}["annual"] == 0
    assert bad.status_code == 400
    assert "as_of" in bad.json()["errors"]


def test_the_manager_sees_a_report_away_not_that_they_are_sick(world: Time) -> None:
    sick = leave_type("sick")
    sick.needs_document = sick.document_is_health = False  # the document is tested elsewhere
    sick.save()
    request = ask(world.org.employee, world.org.users["employee"], WEDNESDAY, code="sick")
    sick.needs_document = sick.document_is_health = True
    sick.save()
    url = reverse("api:leave-request-detail", kwargs={"pk": request.pk})

    manager = client_as(world.org, "manager").get(url).json()
    own = client_as(world.org, "employee").get(url).json()
    hr = client_as(world.org, "hr_admin").get(url).json()

    assert manager["leave_type"] is None
    assert own["leave_type"]["code"] == hr["leave_type"]["code"] == "sick"


# --- the holiday calendar ------------------------------------------------------------


def test_hr_adds_and_removes_a_company_day_others_may_not(world: Time) -> None:
    url = reverse("api:holiday-list")
    body = {"day": "2026-03-13", "kind": "company_holiday", "name_zh": "司庆",
            "name_en": "Founding day"}  # fmt: skip

    refused = client_as(world.org, "manager").post(url, body)
    created = client_as(world.org, "hr_admin").post(url, body)
    statutory = client_as(world.org, "hr_admin").post(
        url, {**body, "day": "2026-03-16", "kind": "statutory_holiday"}
    )
    listed = client_as(world.org, "employee").get(url, {"year": 2026, "region": "上海市"})

    assert refused.status_code == 403
    assert created.status_code == 201, created.content
    assert statutory.status_code == 400
    assert "kind" in statutory.json()["errors"]
    days = {(row["day"], row["kind"]) for row in listed.json()["results"]}
    assert ("2026-03-13", "company_holiday") in days
    assert ("2026-01-01", "statutory_holiday") in days

    national = CalendarDay.objects.get(day=date(2026, 1, 1), region="", company=False)
    hr = client_as(world.org, "hr_admin")
    kept = hr.delete(reverse("api:holiday-detail", kwargs={"pk": national.pk}))
    removed = hr.delete(reverse("api:holiday-detail", kwargs={"pk": created.json()["id"]}))
    assert kept.status_code == 400
    assert removed.status_code == 204
    assert not CalendarDay.objects.filter(day=date(2026, 3, 13)).exists()
    assert AuditEvent.objects.filter(action="employees.calendar_day_remove").count() == 1


# --- shifts and patterns -------------------------------------------------------------


def test_hr_saves_shifts_and_a_rotation_of_existing_codes(world: Time) -> None:
    hr = client_as(world.org, "hr_admin")
    night = {"code": "night", "name": "夜班", "starts": "22:00", "ends": "06:00"}

    refused = client_as(world.org, "employee").post(reverse("api:shift-list"), night)
    created = hr.post(reverse("api:shift-list"), night)
    bad = hr.post(reverse("api:shift-list"), {**night, "code": "n2", "break_minutes": 480})
    rotation = {"code": "rota", "name": "轮班", "follows_calendar": False,
                "cycle": ["night", "day", ""], "anchor": "2026-01-01"}  # fmt: skip
    unknown = hr.post(reverse("api:shift-pattern-list"), rotation)
    hr.post(reverse("api:shift-list"), {**night, "code": "day", "starts": "08:00", "ends": "17:00"})
    saved = hr.post(reverse("api:shift-pattern-list"), rotation)
    patched = hr.patch(
        reverse("api:shift-detail", kwargs={"pk": created.json()["id"]}), {"break_minutes": 30}
    )

    assert refused.status_code == 403
    assert created.status_code == 201, created.content
    assert created.json()["work_minutes"] == 7 * 60
    assert bad.status_code == 400
    assert "break_minutes" in bad.json()["errors"]
    assert unknown.status_code == 400
    assert unknown.json()["message"] == "No shift has the code day."
    assert saved.status_code == 201, saved.content
    assert patched.json()["work_minutes"] == 7 * 60 + 30
    assert set(Shift.objects.values_list("code", flat=True)) == {"night", "day"}
    assert ShiftPattern.objects.filter(code="rota").count() == 1
    # Rotations and office weeks are told apart by a filter.
    rotations = hr.get(reverse("api:shift-pattern-list"), {"follows_calendar": "false"})
    assert [row["code"] for row in rotations.json()["results"]] == ["rota"]


# --- punches -------------------------------------------------------------------------


def test_bulk_punches_are_stored_once_and_refused_by_index(world: Time) -> None:
    hr = client_as(world.org, "hr_admin")
    url = reverse("api:punch-list")
    batch = {
        "punches": [
            {"employee_number": "E900002", "at": at(WEDNESDAY, 9), "device": "gate-2"},
            {"employee_number": "E999999", "at": at(WEDNESDAY, 9)},
            {"employee_number": "E900003", "at": at(WEDNESDAY, 9, 5), "device": "gate-2"},
        ]
    }
    before = Punch.objects.count()

    first = hr.post(url, batch)
    again = hr.post(url, batch)

    assert first.status_code == 200, first.content
    assert first.json()["created"] == 2
    assert first.json()["duplicates"] == 0
    assert again.json()["created"] == 0
    assert again.json()["duplicates"] == 2
    (refusal,) = again.json()["refused"]
    assert refusal == {"index": 1, "reason": "Unknown employee number E999999."}
    assert Punch.objects.count() == before + 2


@pytest.mark.parametrize(
    "punch",
    [
        {"employee_number": "E900002", "at": "2026-03-11T09:00:00"},  # no offset
        {"employee_number": "E900002", "at": "yesterday"},
        {"employee_number": "E900002"},
        {"employee_number": "E900002", "at": "2026-03-11T09:00:00+08:00", "latitude": "x"},
    ],
)
def test_a_malformed_batch_is_a_400_and_stores_nothing(world: Time, punch: dict) -> None:
    before = Punch.objects.count()
    good = {"employee_number": "E900003", "at": at(WEDNESDAY, 9)}

    response = client_as(world.org, "hr_admin").post(
        reverse("api:punch-list"), {"punches": [good, punch]}
    )

    assert response.status_code == 400, response.content
    assert any(key.startswith("punches.1") for key in response.json()["errors"])
    assert Punch.objects.count() == before


@pytest.mark.parametrize("role", ["manager", "employee", "recruiter"])
def test_only_hr_sends_punches(world: Time, role: str) -> None:
    response = client_as(world.org, role).post(
        reverse("api:punch-list"),
        {"punches": [{"employee_number": "E900002", "at": at(WEDNESDAY, 9)}]},
    )

    assert response.status_code == 403
    assert not Punch.objects.filter(at__date=WEDNESDAY).exists()


def test_daily_results_by_employee_and_days(world: Time) -> None:
    response = client_as(world.org, "manager").get(
        reverse("api:daily-result-list"),
        {"employee": world.org.employee.pk, "day_after": "2026-03-10", "day_before": "2026-03-10"},
    )

    (row,) = response.json()["results"]
    # Punched 9:00 to 18:00 with the office hour's break; the leave is only pending.
    assert (row["day"], row["status"], row["worked_minutes"]) == ("2026-03-10", "ok", 480)
    assert DailyResult.objects.filter(day=TUESDAY).count() == 2


# --- constant queries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("api:leave-request-list", "leave"),
        ("api:punch-list", "punches"),
        ("api:daily-result-list", "results"),
    ],
)
def test_lists_take_the_same_queries_for_2_or_8_rows(org: Org, name: str, make: str) -> None:
    hr = org.users["hr_admin"]
    people = [org.employee, org.other]
    people += [employee_make(name=f"员工{i}", since=date(2025, 1, 1)) for i in range(6)]
    client = client_as(org, "hr_admin")

    def fill(group: list[Employee]) -> None:
        if make == "leave":
            for person in group:
                ask(person, hr, TUESDAY)
        else:
            attend(group)

    fill(people[:2])
    with CaptureQueriesContext(connection) as few:
        rows = client.get(reverse(name)).json()["results"]
        assert len(rows) == (4 if make == "punches" else 2)
    fill(people[2:])
    with CaptureQueriesContext(connection) as many:
        rows = client.get(reverse(name)).json()["results"]
        assert len(rows) == (16 if make == "punches" else 8)

    assert len(many) == len(few)


def test_the_schema_documents_the_time_endpoints(org: Org) -> None:
    response = client_as(org, "hr_admin").get(reverse("api:schema"), {"format": "json"})

    schema = json.loads(response.content)
    validate_schema(schema)
    assert {
        "/api/v1/leave-types/", "/api/v1/leave-requests/", "/api/v1/leave-requests/{id}/",
        "/api/v1/leave-requests/{id}/approve/", "/api/v1/leave-requests/{id}/decline/",
        "/api/v1/leave-requests/{id}/cancel/", "/api/v1/leave-balances/",
        "/api/v1/holidays/", "/api/v1/holidays/{id}/", "/api/v1/shifts/",
        "/api/v1/shifts/{id}/", "/api/v1/shift-patterns/", "/api/v1/shift-patterns/{id}/",
        "/api/v1/punches/", "/api/v1/daily-results/",
    } <= set(schema["paths"])  # fmt: skip
    balance = {p["name"] for p in schema["paths"]["/api/v1/leave-balances/"]["get"]["parameters"]}
    assert {"employee", "as_of"} <= balance
    root = client_as(org, "hr_admin").get(reverse("api:root")).json()
    assert root["punches"].endswith("/api/v1/punches/")
