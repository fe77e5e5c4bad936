"""Employees through the API: as-of reads, masked sensitive fields, dated changes, contacts,
bad input refused with reasons and nothing changed, constant queries."""

from datetime import date

import pytest
from django.urls import reverse

from employees.models import Assignment, Employee
from hrflow.core.models import AuditEvent
from hrflow.outbound.models import OutboundEvent
from tests.employees.api.scene import TRANSFER_DAY, Org, _job, _person
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _detail(org: Org, role: str = "hr_admin", **params: str) -> dict:
    url = reverse("api:employee-detail", kwargs={"pk": org.employee.pk})
    response = token_client(org.users[role]).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_as_of_reads_the_job_record_in_force_that_day(org: Org) -> None:
    before = _detail(org, as_of="2024-05-31")
    after = _detail(org, as_of=TRANSFER_DAY.isoformat())
    today = _detail(org)

    assert before["job"]["department"]["code"] == "api-rd"
    assert before["job"]["position"]["code"] == "api-eng"
    assert after["job"]["department"]["code"] == "api-qa"
    assert today["job"]["department"]["code"] == "api-qa"
    assert [row["valid_from"] for row in today["history"]] == ["2023-01-01", "2024-06-01"]
    assert _detail(org, as_of="2022-12-31")["job"] is None


def test_the_list_as_of_a_day_holds_who_was_employed_and_where(org: Org) -> None:
    client = token_client(org.users["hr_admin"])
    url = reverse("api:employee-list")

    in_a_before = client.get(url, {"as_of": "2024-01-01", "department": org.dept_a.pk}).json()
    in_a_after = client.get(url, {"as_of": "2024-07-01", "department": org.dept_a.pk}).json()
    before_anyone = client.get(url, {"as_of": "2022-01-01"}).json()

    assert {row["number"] for row in in_a_before["results"]} == {"E900001", "E900002"}
    assert {row["number"] for row in in_a_after["results"]} == {"E900001"}
    assert before_anyone["results"] == []


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-02-30", "\x00"])
def test_a_bad_as_of_is_a_400_with_its_reason(org: Org, value: str) -> None:
    client = token_client(org.users["hr_admin"])

    for url in (
        reverse("api:employee-list"),
        reverse("api:employee-detail", kwargs={"pk": org.employee.pk}),
    ):
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        # A NUL is refused before the view by the site's bad-input guard.
        assert "as_of" in response.json()["errors"] or "\x00" in value


def test_sensitive_fields_leave_only_as_masked_tails(org: Org) -> None:
    for role in ("hr_admin", "manager", "employee"):
        body = _detail(org, role)
        text = str(body)
        # Even the tails are HR's and the person's own, as on the employee page.
        private = role != "manager"
        assert body["id_number"] == ("••••1234" if private else None)
        assert body["bank_account"] == ("••••3445" if private else None)
        assert "110101199001011234" not in text
        assert "6222020200112233445" not in text


def test_private_contacts_are_for_hr_and_the_person_not_the_manager(org: Org) -> None:
    assert _detail(org, "hr_admin")["address"].startswith("上海市")
    assert _detail(org, "employee")["personal_email"] == "e900002@example.com"
    manager_view = _detail(org, "manager")
    assert manager_view["address"] is None
    assert manager_view["personal_email"] is None


def test_hr_records_a_dated_transfer_and_history_is_kept(org: Org) -> None:
    client = token_client(org.users["hr_admin"])

    response = client.post(
        reverse("api:employee-job-change", kwargs={"pk": org.employee.pk}),
        {
            "valid_from": "2025-03-01",
            "change": "transfer",
            "department": org.dept_a.pk,
            "reason": "项目调整",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["job"]["valid_from"] == "2025-03-01"
    assert body["job"]["department"]["code"] == "api-rd"
    assert [row["valid_from"] for row in body["history"]] == [
        "2023-01-01",
        "2024-06-01",
        "2025-03-01",
    ]
    assert _detail(org, as_of="2025-02-28")["job"]["department"]["code"] == "api-qa"


def _state(org: Org) -> tuple:
    rows = Assignment.objects.filter(employee=org.employee).order_by("valid_from")
    employee = Employee.objects.get(pk=org.employee.pk)
    return (
        list(rows.values()),
        (employee.phone, employee.email, employee.updated_at),
        AuditEvent.objects.count(),
        OutboundEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"change": "transfer", "department": 1}, "valid_from"),
        ({"valid_from": "2025-01-01", "change": "hire", "job_title": "x"}, "change"),
        ({"valid_from": "2025-01-01", "change": "transfer"}, "non_field_errors"),
        ({"valid_from": "2020-01-01", "change": "transfer", "job_title": "x"}, "valid_from"),
        ({"valid_from": "2025-01-01", "change": "manager", "manager": "self"}, "manager"),
        ({"valid_from": "2025-01-01", "change": "promotion", "job_title": "x" * 161}, "job_title"),
        ({"valid_from": "2025-01-01", "change": "status", "status": "retired"}, "status"),
        ({"valid_from": "2025-01-01", "change": "transfer", "department": "nope"}, "department"),
        ({"valid_from": "2025-01-01", "change": "transfer", "department": 10**12}, "department"),
        (
            {"valid_from": "2025-01-01", "change": "transfer", "job_title": "工程师"},
            "non_field_errors",
        ),
    ],
)
def test_a_bad_job_change_is_a_400_with_reasons_and_changes_nothing(
    org: Org, body: dict, field: str
) -> None:
    if body.get("manager") == "self":
        body = {**body, "manager": org.employee.pk}
    before = _state(org)

    response = token_client(org.users["hr_admin"]).post(
        reverse("api:employee-job-change", kwargs={"pk": org.employee.pk}), body
    )

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert response.json()["message"]
    assert _state(org) == before


def test_a_manager_loop_is_refused(org: Org) -> None:
    """M's manager cannot become E, who reports to M."""
    before = _state(org)

    response = token_client(org.users["hr_admin"]).post(
        reverse("api:employee-job-change", kwargs={"pk": org.manager.pk}),
        {"valid_from": "2025-01-01", "change": "manager", "manager": org.employee.pk},
    )

    assert response.status_code == 400
    assert "manager" in response.json()["errors"]
    assert _state(org) == before


def test_the_person_updates_their_contacts_and_hr_can_see_it(org: Org) -> None:
    response = token_client(org.users["employee"]).patch(
        reverse("api:employee-contacts", kwargs={"pk": org.employee.pk}),
        {"phone": "13900139000", "address": "杭州市西湖区"},
    )

    assert response.status_code == 200, response.content
    assert _detail(org, "hr_admin")["phone"] == "13900139000"
    assert AuditEvent.objects.filter(action="employees.identity_update").count() == 1


def test_the_person_cannot_change_what_only_hr_changes(org: Org) -> None:
    before = _state(org)

    response = token_client(org.users["employee"]).patch(
        reverse("api:employee-contacts", kwargs={"pk": org.employee.pk}), {"email": "a@b.cn"}
    )

    assert response.status_code == 403
    assert _state(org) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"address": "x" * 256}, "address"),
        ({"city": "a\x00b"}, "city"),
    ],
)
def test_bad_contacts_are_a_400_and_change_nothing(org: Org, body: dict, field: str) -> None:
    before = _state(org)

    response = token_client(org.users["employee"]).patch(
        reverse("api:employee-contacts", kwargs={"pk": org.employee.pk}), body
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert _state(org) == before


def test_the_list_takes_the_same_number_of_queries_for_3_or_30_employees(
    org: Org, django_assert_max_num_queries
) -> None:
    client = token_client(org.users["hr_admin"])
    url = reverse("api:employee-list")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 3
    for index in range(27):
        person = _person(f"E91{index:04d}", f"员工{index}", None)
        _job(person, org.dept_a, org.manager, valid_from=date(2023, 5, 1))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["results"]) == 30

    assert len(many) == len(few)
