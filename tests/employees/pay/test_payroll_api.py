"""Payroll over the API (issue 19): every endpoint × every role, runs with their totals,
the approve action through the page's service, a run's payslips, the employee's own
under /me/payslips/ (locked runs only) and their acknowledgement, bad ids, the schema."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.validation import validate_schema

from employees.models import PayItem, PayrollRun, Payslip
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.pay.run_pages_scene import (
    FEBRUARY,
    JANUARY,
    PayScene,
    beijing_employee,
    computed,
    locked,
    pay_scene,
)
from tests.recruiting.api.conftest import token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = (
    "hr_admin", "payroll", "recruiter", "hiring_manager", "interviewer", "manager", "employee",
    "colleague", "anonymous",
)  # fmt: skip
PAYROLL = {"hr_admin": 200, "payroll": 200}


@dataclass
class World:
    scene: PayScene
    run: PayrollRun  # locked: January
    review: PayrollRun  # in review: February
    own: Payslip  # the employee's January payslip
    own_in_review: Payslip  # the employee's February payslip


@pytest.fixture
def world() -> World:
    scene = pay_scene()
    run = locked(scene, JANUARY)
    review = computed(scene, FEBRUARY)
    return World(
        scene,
        run,
        review,
        Payslip.objects.get(run=run, employee=scene.employee),
        Payslip.objects.get(run=review, employee=scene.employee),
    )


def _client(world: World, role: str) -> Any:
    client = token_client(None if role == "anonymous" else world.scene.users[role])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # refusals and labels read in English
    return client


@dataclass
class Endpoint:
    name: str
    method: str
    url: Callable[[World], str]
    statuses: dict[str, int]
    empty_for_others: bool = False  # a list: 200 and empty for a role without rows

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return 401
        if self.empty_for_others:
            return 200
        return self.statuses.get(role, 404)


def _named(name: str, pk: Callable[[World], int] | None = None) -> Callable[[World], str]:
    if pk is None:
        return lambda w: reverse(f"api:{name}")
    return lambda w: reverse(f"api:{name}", kwargs={"pk": pk(w)})


ENDPOINTS = [
    Endpoint("payroll-run-list", "get", _named("payroll-run-list"), PAYROLL, True),
    Endpoint(
        "payroll-run-detail", "get", _named("payroll-run-detail", lambda w: w.run.pk), PAYROLL
    ),
    Endpoint(
        "payroll-run-payslip-list",
        "get",
        _named("payroll-run-payslip-list", lambda w: w.run.pk),
        PAYROLL,
    ),
    Endpoint("payslip-detail", "get", _named("payslip-detail", lambda w: w.own.pk), PAYROLL),
    Endpoint(
        "payroll-run-approve (in review)",
        "post",
        _named("payroll-run-approve", lambda w: w.review.pk),
        PAYROLL,
    ),
    Endpoint(
        "my-payslip-list",
        "get",
        _named("my-payslip-list"),
        {"employee": 200},
        True,
    ),
    Endpoint(
        "my-payslip-detail",
        "get",
        _named("my-payslip-detail", lambda w: w.own.pk),
        {"employee": 200},
    ),
    Endpoint(
        "my-payslip-detail (in review)",
        "get",
        _named("my-payslip-detail", lambda w: w.own_in_review.pk),
        {},
    ),
    Endpoint(
        "my-payslip-acknowledge",
        "post",
        _named("my-payslip-acknowledge", lambda w: w.own.pk),
        {"employee": 200},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: f"{e.method} {e.name}")
def test_each_role_gets_its_status(world: World, endpoint: Endpoint, role: str) -> None:
    response = getattr(_client(world, role), endpoint.method)(endpoint.url(world))

    assert response.status_code == endpoint.expected(role), response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "errors"}


LISTED = {
    "hr_admin": 2,
    "payroll": 2,
    "recruiter": 0,
    "hiring_manager": 0,
    "interviewer": 0,
    "manager": 0,
    "employee": 0,
}


@pytest.mark.parametrize(("role", "count"), LISTED.items())
def test_the_run_list_is_payrolls_alone(world: World, role: str, count: int) -> None:
    body = _client(world, role).get(reverse("api:payroll-run-list")).json()
    assert len(body["results"]) == count


@pytest.mark.parametrize(("role", "own"), [("employee", 1), ("colleague", 1), ("manager", 0)])
def test_my_payslips_are_the_callers_own_of_locked_runs(world: World, role: str, own: int) -> None:
    body = _client(world, role).get(reverse("api:my-payslip-list")).json()

    assert len(body["results"]) == own
    for row in body["results"]:
        assert row["run"] == world.run.pk
        assert row["employee"]["id"] != world.scene.no_account.pk


def test_another_employees_payslip_is_404_under_me(world: World) -> None:
    colleagues = Payslip.objects.get(run=world.run, employee=world.scene.colleague)
    client = _client(world, "employee")

    read = client.get(reverse("api:my-payslip-detail", kwargs={"pk": colleagues.pk}))
    ack = client.post(reverse("api:my-payslip-acknowledge", kwargs={"pk": colleagues.pk}))

    assert (read.status_code, ack.status_code) == (404, 404)
    colleagues.refresh_from_db()
    assert colleagues.acknowledged_at is None


def test_a_run_shows_its_totals_as_decimal_strings(world: World) -> None:
    body = (
        _client(world, "payroll")
        .get(reverse("api:payroll-run-detail", kwargs={"pk": world.run.pk}))
        .json()
    )

    payslips = list(Payslip.objects.filter(run=world.run))
    assert body["headcount"] == 3
    assert body["status"] == "locked"
    assert body["month"] == "2026-01-01"
    assert body["total_gross"] == "70000.00"
    assert Decimal(body["total_net"]) == sum(p.net for p in payslips)
    assert Decimal(body["total_tax"]) == sum(p.income_tax for p in payslips)
    assert Decimal(body["total_employer_cost"]) == sum(
        p.gross + p.insurance_employer + p.housing_fund_employer for p in payslips
    )


def test_approve_locks_through_the_service_and_refuses_a_second_time(world: World) -> None:
    client = _client(world, "payroll")
    url = reverse("api:payroll-run-approve", kwargs={"pk": world.review.pk})

    first = client.post(url)

    assert first.status_code == 200, first.content
    assert first.json()["status"] == "locked"
    world.review.refresh_from_db()
    assert world.review.approved_by == world.scene.hr
    approved_at = world.review.approved_at

    second = client.post(url)

    assert second.status_code == 400
    assert second.json()["message"] == "This run is already approved and locked."
    world.review.refresh_from_db()
    assert world.review.approved_at == approved_at
    assert AuditEvent.objects.filter(action="employees.payroll_run_approve").count() == 2


def test_approve_is_refused_when_an_input_changed(world: World) -> None:
    PayItem.objects.create(
        employee=world.scene.colleague, month=FEBRUARY, kind=PayItem.Kind.BONUS, amount=1
    )

    response = _client(world, "payroll").post(
        reverse("api:payroll-run-approve", kwargs={"pk": world.review.pk})
    )

    assert response.status_code == 400
    assert "compute it again" in response.json()["message"]
    world.review.refresh_from_db()
    assert world.review.status == PayrollRun.Status.COMPUTED


def test_a_payslip_for_payroll_carries_its_lines_explained_with_rule_versions(world: World) -> None:
    body = (
        _client(world, "payroll")
        .get(reverse("api:payslip-detail", kwargs={"pk": world.own.pk}))
        .json()
    )

    lines = {line["code"]: line for line in body["lines"]}
    assert body["net"] == str(world.own.net)
    assert lines["pension"]["amount"] == "-2822.64"
    assert lines["pension"]["label"] == "Pension"
    assert lines["pension"]["summary"].startswith("Base 35,283.00 × 8%.")
    assert lines["income_tax"]["explanation"]["rules"]
    assert sum(
        Decimal(line["amount"]) for line in body["lines"] if line["category"] != "employer"
    ) == (Decimal(body["net"]))


def test_acknowledge_through_the_api_is_kept_once(world: World) -> None:
    client = _client(world, "employee")
    url = reverse("api:my-payslip-acknowledge", kwargs={"pk": world.own.pk})

    first = client.post(url).json()["acknowledged_at"]
    second = client.post(url).json()["acknowledged_at"]

    assert first is not None
    assert first == second
    assert AuditEvent.objects.filter(action="employees.payslip_acknowledge").count() == 1


@pytest.mark.parametrize("pk", [10**9, 0, 2**31])
@pytest.mark.parametrize(
    "name",
    ["payroll-run-detail", "payroll-run-payslip-list", "payslip-detail", "my-payslip-detail"],
)
def test_an_id_of_nothing_is_404(world: World, name: str, pk: int) -> None:
    response = _client(world, "payroll").get(reverse(f"api:{name}", kwargs={"pk": pk}))
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["a\x00b", "NaN", "1" + "0" * 20, "x" * 3000, "-1"])
def test_hostile_filters_are_4xx_or_ignored_never_5xx(world: World, value: str) -> None:
    client = _client(world, "payroll")
    for key in ("pay_group", "status", "month_after", "ordering", "cursor"):
        response = client.get(reverse("api:payroll-run-list"), {key: value})
        assert response.status_code in (200, 400, 404), (key, response.content)


@pytest.mark.parametrize("value", ["a\x00b", "NaN", "²", "1" + "0" * 20, "x" * 3000, "-1"])
def test_hostile_cursors_and_orderings_on_the_payslip_lists_are_never_5xx(
    world: World, value: str
) -> None:
    """The lists inside a run, and the employee's own: the API-wide walker covers the
    lists at a fixed address only (tests/recruiting/api/test_bad_input.py)."""
    lists = [
        (
            _client(world, "payroll"),
            reverse("api:payroll-run-payslip-list", kwargs={"pk": world.run.pk}),
        ),
        (_client(world, "employee"), reverse("api:my-payslip-list")),
    ]
    for client, url in lists:
        for key in ("cursor", "ordering", "page_size"):
            response = client.get(url, {key: value})
            assert response.status_code in (200, 400, 404), (url, key, response.content[:200])


def test_nothing_is_queued_when_an_approval_is_refused(world: World) -> None:
    _client(world, "payroll").post(reverse("api:payroll-run-approve", kwargs={"pk": world.run.pk}))
    assert not OutboxMessage.objects.filter(event="payslip_ready").exists()


def test_a_runs_payslips_read_the_same_queries_at_any_size(world: World) -> None:
    client = _client(world, "payroll")
    url = reverse("api:payroll-run-payslip-list", kwargs={"pk": world.review.pk})
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).json()["results"]) == 3
    for index in range(5):
        beijing_employee(world.scene.group, str(9000 + index))
    computed(world.scene, FEBRUARY)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["results"]) == 8
    assert len(many) == len(few)


def test_the_schema_documents_the_payroll_endpoints(world: World) -> None:
    response = _client(world, "payroll").get(reverse("api:schema"), {"format": "json"})

    schema = json.loads(response.content)
    validate_schema(schema)
    assert {
        "/api/v1/payroll-runs/", "/api/v1/payroll-runs/{id}/",
        "/api/v1/payroll-runs/{id}/approve/", "/api/v1/payroll-runs/{id}/payslips/",
        "/api/v1/payslips/{id}/", "/api/v1/me/payslips/", "/api/v1/me/payslips/{id}/",
        "/api/v1/me/payslips/{id}/acknowledge/",
    } <= set(schema["paths"])  # fmt: skip
    run = schema["components"]["schemas"]["PayrollRunOutput"]["properties"]
    assert run["total_net"]["type"] == "string"
    root = _client(world, "payroll").get(reverse("api:root")).json()
    assert root["payroll-runs"].endswith("/api/v1/payroll-runs/")
