"""The pay resources of the API: every endpoint x every role (payroll officers and HR
admins only; the rest 403, anonymous 401), salary changes through salary_change with
defaults from the salary in force, components through their service, ids resolved
through the caller's scope, bad input a 400 that changes nothing, and the schema."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from employees.models import PayComponent, SalaryRecord
from hrflow.core.models import AuditEvent
from tests.employees.pay.salary_scene import (
    HIRED,
    PAY_ROLES,
    ROLES,
    PayScene,
    component_make,
    history,
    pay_scene,
    salary_set,
)
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

Build = Callable[[PayScene], Any]


@pytest.fixture
def scene() -> PayScene:
    scene = pay_scene()
    salary_set(scene, HIRED, "12000", meal="600")
    return scene


@dataclass
class Endpoint:
    name: str
    method: str
    url: Build
    ok: int
    body: Build = field(default=lambda s: {})

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return 401
        return self.ok if role in PAY_ROLES else 403


def _records_url(s: PayScene) -> str:
    return reverse("api:employee-salary-records", kwargs={"pk": s.employee.pk})


ENDPOINTS = [
    Endpoint("api:pay-group-list", "get", lambda s: reverse("api:pay-group-list"), 200),
    Endpoint("api:pay-component-list", "get", lambda s: reverse("api:pay-component-list"), 200),
    Endpoint(
        "api:pay-component-list (create)",
        "post",
        lambda s: reverse("api:pay-component-list"),
        201,
        body=lambda s: {
            "code": "transport",
            "name": "交通",
            "kind": "earning",
            "calculation": "fixed",
        },
    ),
    Endpoint(
        "api:pay-component-detail",
        "get",
        lambda s: reverse("api:pay-component-detail", kwargs={"pk": s.meal.pk}),
        200,
    ),
    Endpoint(
        "api:pay-component-detail (update)",
        "patch",
        lambda s: reverse("api:pay-component-detail", kwargs={"pk": s.meal.pk}),
        200,
        body=lambda s: {"name": "午餐补贴"},
    ),
    Endpoint("api:employee-salary-records", "get", _records_url, 200),
    Endpoint(
        "api:employee-salary-records (change)",
        "post",
        _records_url,
        201,
        body=lambda s: {"valid_from": "2026-04-01", "base_monthly": "13000", "reason": "Review"},
    ),
    Endpoint(
        "api:salary-record-detail",
        "get",
        lambda s: reverse(
            "api:salary-record-detail",
            kwargs={"pk": SalaryRecord.objects.get(employee=s.employee).pk},
        ),
        200,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.name}")
def test_each_role_gets_its_status(scene: PayScene, endpoint: Endpoint, role: str) -> None:
    """The employee themselves and their line manager included: pay is not theirs to read."""
    client = token_client(scene.users[role])

    response = getattr(client, endpoint.method)(endpoint.url(scene), endpoint.body(scene))

    assert response.status_code == endpoint.expected(role), response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "errors"}
        assert "12000" not in response.content.decode()


def test_a_salary_record_reads_with_its_figures_as_exact_text(scene: PayScene) -> None:
    body = token_client(scene.payroll).get(_records_url(scene)).json()

    [record] = body
    assert record["base_monthly"] == "12000.00"
    assert record["valid_from"] == "2026-01-01"
    assert record["valid_to"] is None
    assert record["pay_group"] == {"id": scene.group.pk, "name": "上海月薪"}
    assert record["items"] == [
        {"component": "meal", "name": "餐补", "calculation": "fixed", "amount": "600.00"}
    ]
    assert record["employee"]["number"] == "E800002"


def test_a_raise_names_only_what_changes_and_keeps_the_rest(scene: PayScene) -> None:
    response = token_client(scene.payroll).post(
        _records_url(scene),
        {"valid_from": "2026-04-01", "base_monthly": "13000.00", "reason": "Annual review"},
    )

    assert response.status_code == 201, response.content
    assert response.json()["items"][0]["amount"] == "600.00"
    assert history(scene.employee) == [
        (HIRED, date(2026, 4, 1), Decimal("12000.00"), {"meal": Decimal("600.00")}),
        (date(2026, 4, 1), None, Decimal("13000.00"), {"meal": Decimal("600.00")}),
    ]


def test_items_given_replace_the_items(scene: PayScene) -> None:
    response = token_client(scene.hr).post(
        _records_url(scene),
        {"valid_from": "2026-04-01", "items": {"on_call": "45.50"}, "reason": "New role"},
    )

    assert response.status_code == 201, response.content
    assert history(scene.employee)[-1][3] == {"on_call": Decimal("45.50")}


def test_a_first_salary_needs_its_group_and_base(scene: PayScene) -> None:
    url = reverse("api:employee-salary-records", kwargs={"pk": scene.manager.pk})
    client = token_client(scene.payroll)

    refused = client.post(url, {"valid_from": "2026-01-01", "reason": "Offer"})
    made = client.post(
        url,
        {
            "valid_from": "2026-01-01",
            "pay_group": scene.group.pk,
            "base_monthly": "20000",
            "reason": "Offer",
        },
    )

    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"pay_group", "base_monthly"}
    assert made.status_code == 201
    assert SalaryRecord.objects.filter(employee=scene.manager).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"base_monthly": "-1"}, "base_monthly"),
        ({"base_monthly": "NaN"}, "base_monthly"),
        ({"base_monthly": "12000.001"}, "base_monthly"),
        ({"items": {"meal": "-600"}}, "items.meal"),
        ({"items": {"housing": "100"}}, "items.housing"),
        ({"items": {"nope": "1"}}, "items"),
        ({"items": ["meal"]}, "items"),
        ({"pay_group": 99_999_999}, "pay_group"),
        ({"pay_group": "1e3"}, "pay_group"),
        ({"valid_from": "2025-12-31"}, "valid_from"),
        ({"valid_from": "2026-01-01", "base_monthly": "12000"}, "non_field_errors"),  # nothing
        ({"reason": ""}, "reason"),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(
    scene: PayScene, body: dict[str, Any], field: str
) -> None:
    before = (
        history(scene.employee),
        AuditEvent.objects.filter(action__startswith="employees.salary").count(),
    )

    response = token_client(scene.payroll).post(
        _records_url(scene), {"valid_from": "2026-04-01", "reason": "Review", **body}
    )

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    after = (
        history(scene.employee),
        AuditEvent.objects.filter(action__startswith="employees.salary").count(),
    )
    assert after == before


def test_an_unknown_employee_answers_like_a_missing_one(scene: PayScene) -> None:
    url = reverse("api:employee-salary-records", kwargs={"pk": 99_999_999})
    client = token_client(scene.payroll)
    assert client.get(url).status_code == 404
    assert client.post(url, {"valid_from": "2026-04-01", "reason": "x"}).status_code == 404


def test_a_component_with_a_hostile_formula_is_a_400_naming_the_formula(scene: PayScene) -> None:
    client = token_client(scene.payroll)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the reason is matched in English
    response = client.post(
        reverse("api:pay-component-list"),
        {"code": "evil", "name": "Evil", "kind": "earning", "calculation": "formula",
         "formula": "__import__('os').system('id')"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "Names starting with an underscore" in response.json()["errors"]["formula"][0]
    assert not PayComponent.objects.filter(code="evil").exists()


def test_a_component_a_formula_reads_cannot_be_deactivated(scene: PayScene) -> None:
    component_make("lunch", PayComponent.Calculation.FORMULA, formula="meal / 2")

    response = token_client(scene.hr).patch(
        reverse("api:pay-component-detail", kwargs={"pk": scene.meal.pk}), {"active": False}
    )

    assert response.status_code == 400
    assert "lunch" in response.json()["errors"]["active"][0]
    scene.meal.refresh_from_db()
    assert scene.meal.active is True


def test_the_schema_documents_the_pay_endpoints(scene: PayScene) -> None:
    response = token_client(scene.hr).get(reverse("api:schema"), {"format": "json"})

    schema = json.loads(response.content)
    validate_schema(schema)
    assert {
        "/api/v1/pay-groups/",
        "/api/v1/pay-components/",
        "/api/v1/pay-components/{id}/",
        "/api/v1/employees/{id}/salary-records/",
        "/api/v1/salary-records/{id}/",
    } <= set(schema["paths"])
    record = schema["components"]["schemas"]["SalaryRecordOutput"]["properties"]
    assert record["base_monthly"]["type"] == "string"
