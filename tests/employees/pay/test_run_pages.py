"""The payroll run pages (issue 19): who opens them, compute → approve through the pages,
refusals on the form, verify, a payslip's explained lines, bad input, and the run page
at a constant number of queries."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import PayGroup, PayItem, PayrollRun, Payslip
from employees.pay.forms_runs import RunComputeForm
from hrflow.core.models import AuditEvent
from tests.employees.pay.run_pages_scene import (
    FEBRUARY,
    JANUARY,
    MARCH,
    PayScene,
    beijing_employee,
    computed,
    locked,
    pay_scene,
)
from tests.html_text import visible_text

pytestmark = pytest.mark.django_db

ALLOWED = ("hr_admin", "payroll")
REFUSED = ("recruiter", "hiring_manager", "interviewer", "manager", "employee", "colleague")


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _as(client: Any, scene: PayScene, role: str) -> Any:
    client.force_login(scene.users[role])
    return client


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return visible_text(response.content.decode())


# --- who may open what --------------------------------------------------------------

PAGES: dict[str, Callable[[PayrollRun], str]] = {
    "list": lambda run: reverse("employees:payroll-runs"),
    "detail": lambda run: reverse("employees:payroll-run", kwargs={"pk": run.pk}),
    "approve": lambda run: reverse("employees:payroll-run-approve", kwargs={"pk": run.pk}),
    "payslip": lambda run: reverse(
        "employees:payroll-payslip", kwargs={"pk": run.payslips.order_by("pk")[0].pk}
    ),
}


@pytest.mark.parametrize("role", ALLOWED + REFUSED)
@pytest.mark.parametrize("page", PAGES)
def test_only_payroll_officers_and_hr_admins_open_the_run_pages(client, scene, role, page):
    run = computed(scene)

    status = _as(client, scene, role).get(PAGES[page](run)).status_code

    assert status == (200 if role in ALLOWED else 404)


def test_the_employee_gets_404_for_the_hr_page_of_their_own_locked_payslip(client, scene):
    run = locked(scene)
    own = Payslip.objects.get(run=run, employee=scene.employee)

    response = _as(client, scene, "employee").get(
        reverse("employees:payroll-payslip", kwargs={"pk": own.pk})
    )

    assert response.status_code == 404


@pytest.mark.parametrize("role", REFUSED)
def test_the_writes_are_404_for_everyone_else_and_change_nothing(client, scene, role):
    run = computed(scene)
    before = (run.computed_at, run.status)
    _as(client, scene, role)

    answers = [
        client.post(
            reverse("employees:payroll-run-compute"),
            {"group": scene.group.pk, "month": "2026-02"},
        ),
        client.post(reverse("employees:payroll-run-recompute", kwargs={"pk": run.pk})),
        client.post(
            reverse("employees:payroll-run-approve", kwargs={"pk": run.pk}), {"confirm": "on"}
        ),
        client.post(reverse("employees:payroll-run-verify", kwargs={"pk": run.pk})),
    ]

    assert [answer.status_code for answer in answers] == [404] * 4
    run.refresh_from_db()
    assert (run.computed_at, run.status) == before
    assert PayrollRun.objects.count() == 1


def test_the_menu_offers_payroll_runs_to_payroll_only(client, scene):
    url = reverse("employees:payroll-runs")
    assert url in _as(client, scene, "payroll").get(reverse("web:dashboard")).content.decode()
    assert url not in _as(client, scene, "employee").get(reverse("web:dashboard")).content.decode()


# --- compute, approve, verify through the pages ------------------------------------


def test_compute_then_approve_through_the_pages_locks_the_run_once(client, scene):
    _as(client, scene, "payroll")

    response = client.post(
        reverse("employees:payroll-run-compute"), {"group": scene.group.pk, "month": "2026-01"}
    )

    run = PayrollRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("employees:payroll-run", kwargs={"pk": run.pk})
    assert run.status == PayrollRun.Status.COMPUTED
    assert run.computed_by == scene.hr
    text = _page(client, response.url)
    assert "In review" in text
    # Three paid (the manager has no salary): 40,000 + 18,000 + 12,000 gross.
    assert "70,000.00" in text

    approve = reverse("employees:payroll-run-approve", kwargs={"pk": run.pk})
    assert "Tick the box" in client.post(approve, {}).content.decode()
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.COMPUTED

    done = client.post(approve, {"confirm": "on"})

    assert done.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (PayrollRun.Status.LOCKED, scene.hr)
    approved_at = run.approved_at
    assert "Approved and locked" in _page(client, done.url)

    again = client.post(approve, {"confirm": "on"})

    assert again.status_code == 400
    assert "This run is already approved and locked." in visible_text(again.content.decode())
    run.refresh_from_db()
    assert run.approved_at == approved_at
    assert AuditEvent.objects.filter(action="employees.payroll_run_approve").count() == 1


def test_the_list_shows_each_run_with_its_totals(client, scene):
    run = computed(scene)
    payslips = list(Payslip.objects.filter(run=run))

    response = _as(client, scene, "payroll").get(reverse("employees:payroll-runs"))

    [row] = response.context["page"].object_list
    assert row.headcount == 3
    assert row.total_gross == sum(p.gross for p in payslips) == Decimal("70000.00")
    assert row.total_net == sum(p.net for p in payslips)
    assert row.total_tax == sum(p.income_tax for p in payslips)
    assert row.total_employer_cost == sum(
        p.gross + p.insurance_employer + p.housing_fund_employer for p in payslips
    )
    text = visible_text(response.content.decode())
    for shown in ("2026-01", "Head office", "In review"):
        assert shown in text


def test_a_refusal_of_the_service_shows_on_the_compute_form(client, scene):
    computed(scene, FEBRUARY)

    response = _as(client, scene, "payroll").post(
        reverse("employees:payroll-run-compute"), {"group": scene.group.pk, "month": "2026-03"}
    )

    assert response.status_code == 400
    assert "Approve 2026-02 first" in visible_text(response.content.decode())
    assert not PayrollRun.objects.filter(month=MARCH).exists()


def test_approval_after_an_input_changed_is_refused_on_the_form(client, scene):
    run = computed(scene)
    PayItem.objects.create(
        employee=scene.colleague, month=JANUARY, kind=PayItem.Kind.BONUS, amount=Decimal("1")
    )

    response = _as(client, scene, "payroll").post(
        reverse("employees:payroll-run-approve", kwargs={"pk": run.pk}), {"confirm": "on"}
    )

    assert response.status_code == 400
    assert "compute it again" in visible_text(response.content.decode())
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.COMPUTED


def test_compute_again_takes_the_new_inputs_while_in_review_and_not_once_locked(client, scene):
    run = computed(scene)
    PayItem.objects.create(
        employee=scene.colleague, month=JANUARY, kind=PayItem.Kind.BONUS, amount=Decimal("1000")
    )
    url = reverse("employees:payroll-run-recompute", kwargs={"pk": run.pk})
    _as(client, scene, "payroll")

    assert client.post(url).status_code == 302

    assert Payslip.objects.get(run=run, employee=scene.colleague).gross == Decimal("19000.00")
    client.post(reverse("employees:payroll-run-approve", kwargs={"pk": run.pk}), {"confirm": "on"})
    run.refresh_from_db()
    computed_at = run.computed_at

    refused = client.post(url, follow=True)

    assert "approved and locked" in visible_text(refused.content.decode())
    run.refresh_from_db()
    assert run.computed_at == computed_at


def test_verify_says_a_locked_run_recomputes_identical(client, scene):
    run = locked(scene)

    response = _as(client, scene, "payroll").post(
        reverse("employees:payroll-run-verify", kwargs={"pk": run.pk}), follow=True
    )

    assert (
        "Verified: recomputed from its stored inputs and rule versions, every figure is identical."
    ) in visible_text(response.content.decode())


def test_verify_says_so_when_the_stored_figures_differ(client, scene):
    run = locked(scene)
    # A stored figure tampered with: the recomputation no longer matches the digest.
    PayrollRun.objects.filter(pk=run.pk).update(figures_digest="0" * 64)

    response = _as(client, scene, "payroll").post(
        reverse("employees:payroll-run-verify", kwargs={"pk": run.pk}), follow=True
    )

    assert "Not identical" in visible_text(response.content.decode())


def test_the_run_links_to_its_review_and_reports(client, scene):
    run = computed(scene)

    response = _as(client, scene, "payroll").get(
        reverse("employees:payroll-run", kwargs={"pk": run.pk})
    )

    page = response.content.decode()
    assert f'href="{reverse("employees:payroll-run-review", args=[run.pk])}"' in page
    assert f'href="{reverse("employees:payroll-run-reports", args=[run.pk])}"' in page


# --- a payslip explained ------------------------------------------------------------


def test_the_hr_payslip_shows_every_line_with_its_explanation_and_rule_versions(client, scene):
    run = computed(scene)
    payslip = Payslip.objects.get(run=run, employee=scene.employee)

    response = _as(client, scene, "payroll").get(
        reverse("employees:payroll-payslip", kwargs={"pk": payslip.pk})
    )

    text = visible_text(response.content.decode())
    lines = {line.code: line for group in response.context["groups"] for line in group.lines}
    assert set(lines) == set(payslip.lines.values_list("code", flat=True))
    # Beijing 2026: 40,000 declared, capped at 35,283; pension 8 % of it.
    pension = lines["pension"]
    assert pension.amount == Decimal("-2822.64")
    assert pension.summary.startswith("Base 35,283.00 × 8%.")
    assert "kept between" in pension.summary
    assert "Monthly base salary" not in text
    assert "Your monthly base salary of 40,000.00." in text
    tax = lines["income_tax"]
    assert tax.amount == Decimal("-811.75")
    steps = {step.label: step.value for step in tax.steps}
    assert steps["Taxable income this year"] == "27,058.28"
    assert steps["Withholding rate"] == "3%"
    assert {rule.code for rule in tax.rules} >= {"tax.wage_annual_table"}
    table = next(rule for rule in tax.rules if rule.code == "tax.wage_annual_table")
    stored = next(row for row in run.rules_used if row["code"] == "tax.wage_annual_table")
    assert table.effective_from == stored["effective_from"]
    assert f"tax.wage_annual_table · in force from {stored['effective_from']}" in text


# --- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        {"group": "{group}", "month": "2026-13"},
        {"group": "{group}", "month": "2026-1"},
        {"group": "{group}", "month": ""},
        {"group": "{group}", "month": "26-01"},
        {"group": "{group}", "month": "\uff12\uff10\uff12\uff16-\uff10\uff11"},  # full width
        {"group": "{group}", "month": "1999-12"},
        {"group": "{group}", "month": "<script>alert(1)</script>"},
        {"group": "999999999", "month": "2026-01"},
        {"group": "1" + "0" * 20, "month": "2026-01"},
        {"group": "a\x00b", "month": "2026-01"},
        {"group": "{inactive}", "month": "2026-01"},
        {"month": "2026-01"},
    ],
)
def test_bad_compute_input_is_a_form_error_and_computes_nothing(client, scene, form):
    inactive = PayGroup.objects.create(
        name="Closed", active=False, work_injury_rate=Decimal("0.002"),
        housing_fund_rate=Decimal("0.12"),
    )  # fmt: skip
    data = {
        key: value.format(group=scene.group.pk, inactive=inactive.pk) for key, value in form.items()
    }

    response = _as(client, scene, "payroll").post(reverse("employees:payroll-run-compute"), data)

    assert response.status_code == 400
    # A NUL never reaches the view (hrflow.core.bad_input answers 400 first).
    assert any("\x00" in value for value in data.values()) or response.context["form"].errors
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not PayrollRun.objects.exists()


@pytest.mark.parametrize("name", ["payroll-run", "payroll-run-approve", "payroll-payslip"])
def test_an_id_of_nothing_is_404(client, scene, name):
    response = _as(client, scene, "payroll").get(reverse(f"employees:{name}", kwargs={"pk": 10**9}))
    assert response.status_code == 404


def test_hostile_query_parameters_of_the_list_and_run_pages_are_harmless(client, scene):
    run = computed(scene)
    _as(client, scene, "payroll")
    detail = reverse("employees:payroll-run", kwargs={"pk": run.pk})
    for value in ("a\x00b", "-1", "1" + "0" * 20, "NaN", "x" * 3000):
        expected = 400 if "\x00" in value else 200  # NUL: refused before any view
        assert client.get(reverse("employees:payroll-runs"), {"group": value}).status_code == (
            expected
        )
        assert client.get(detail, {"page": value}).status_code == expected


# --- constant queries ---------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_run_page_and_the_list_read_the_same_queries_at_any_size(client, scene):
    run = computed(scene)
    _as(client, scene, "payroll")
    detail = reverse("employees:payroll-run", kwargs={"pk": run.pk})
    listing = reverse("employees:payroll-runs")
    small = (_queries(client, detail), _queries(client, listing))

    for index in range(9):
        beijing_employee(scene.group, str(10000 + index * 1000))
    computed(scene)
    branch = PayGroup.objects.create(
        name="Branch", work_injury_rate=Decimal("0.002"), housing_fund_rate=Decimal("0.12")
    )
    beijing_employee(branch, "9000")
    computed(PayScene(branch, scene.users, scene.employee, scene.colleague, scene.no_account))

    large = (_queries(client, detail), _queries(client, listing))
    assert Payslip.objects.filter(run=run).count() == 12
    assert small == large


def test_a_locked_run_page_counts_payslips_that_cannot_be_e_mailed(client, scene):
    run = locked(scene)

    response = _as(client, scene, "payroll").get(
        reverse("employees:payroll-run", kwargs={"pk": run.pk})
    )

    delivery = response.context["delivery"]
    assert (delivery.payslips, delivery.unreachable, delivery.acknowledged) == (3, 1, 0)


def test_the_month_parameter_is_a_first_of_month(scene):
    """A run is for a month: the form cleans it to its first day."""
    form = RunComputeForm({"group": scene.group.pk, "month": "2026-07"}, viewer=scene.hr)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == date(2026, 7, 1)
