"""Positions through the API (filled seats, bad input), and the OpenAPI schema and the
API root listing the employees resources."""

import json

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from employees.models import Position
from hrflow.core.models import AuditEvent
from tests.employees.api.scene import Org
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/employees/",
    "/api/v1/employees/{id}/",
    "/api/v1/employees/{id}/job-changes/",
    "/api/v1/employees/{id}/contacts/",
    "/api/v1/positions/",
    "/api/v1/positions/{id}/",
    "/api/v1/departments/",
    "/api/v1/departments/{id}/",
    "/api/v1/contracts/",
    "/api/v1/contracts/{id}/",
    "/api/v1/events/",
]


def test_the_schema_documents_every_employees_endpoint(org: Org) -> None:
    response = token_client(org.users["hr_admin"]).get(reverse("api:schema"), {"format": "json"})

    schema = json.loads(response.content)
    validate_schema(schema)
    assert set(PATHS) <= set(schema["paths"])
    list_params = {p["name"] for p in schema["paths"]["/api/v1/employees/"]["get"]["parameters"]}
    assert {"as_of", "department", "manager", "status", "cursor"} <= list_params
    output = schema["components"]["schemas"]["EmployeeOutput"]["properties"]
    assert "id_number_tail" not in output
    assert "health_notes" not in output


def test_the_api_root_lists_the_employees_resources(org: Org) -> None:
    body = token_client(org.users["hr_admin"]).get(reverse("api:root")).json()

    for name in ("employees", "positions", "departments", "contracts", "events"):
        assert body[name].endswith(f"/api/v1/{name}/")


def test_positions_show_filled_and_vacant_seats(org: Org) -> None:
    client = token_client(org.users["hr_admin"])
    client.patch(reverse("api:position-detail", kwargs={"pk": org.position.pk}), {"headcount": 2})

    body = client.get(reverse("api:position-list"), {"department": org.dept_a.pk}).json()

    (row,) = body["results"]
    # E left this position with the 2024 transfer: both seats are vacant today.
    assert (row["headcount"], row["filled"], row["vacant"]) == (2, 0, 2)


def test_hr_creates_a_position(org: Org) -> None:
    response = token_client(org.users["hr_admin"]).post(
        reverse("api:position-list"),
        {"code": "qa-lead", "title": "测试组长", "department": org.dept_b.pk, "headcount": 1},
    )

    assert response.status_code == 201, response.content
    assert Position.objects.get(code="qa-lead").department == org.dept_b
    assert AuditEvent.objects.filter(action="employees.position_create").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"code": "api-eng", "title": "重复", "department": "A"}, "code"),
        ({"code": "有空 格", "title": "x", "department": "A"}, "code"),
        ({"code": "ok", "title": "x", "department": 10**9}, "department"),
        ({"code": "ok", "title": "x", "department": "A", "headcount": -1}, "headcount"),
        ({"code": "ok", "department": "A"}, "title"),
    ],
)
def test_a_bad_position_is_a_400_and_creates_nothing(org: Org, body: dict, field: str) -> None:
    if body.get("department") == "A":
        body = {**body, "department": org.dept_a.pk}
    count = Position.objects.count()

    response = token_client(org.users["hr_admin"]).post(reverse("api:position-list"), body)

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Position.objects.count() == count


def test_a_position_cannot_report_to_its_own_subordinate(org: Org) -> None:
    client = token_client(org.users["hr_admin"])
    child = Position.objects.create(
        code="api-child", title="助理", department=org.dept_a, reports_to=org.position
    )

    response = client.patch(
        reverse("api:position-detail", kwargs={"pk": org.position.pk}), {"reports_to": child.pk}
    )

    assert response.status_code == 400
    assert "reports_to" in response.json()["errors"]
    org.position.refresh_from_db()
    assert org.position.reports_to is None
