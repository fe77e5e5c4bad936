"""The employee's payslips (issue 19): own payslips of locked runs only, every figure
explained, the year to date, the acknowledgement recorded once, the self-service entry,
and the payslips e-mailed through the real worker once a run is approved."""

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from employees.models import PayrollRun, Payslip
from employees.pay.payslip_mail import payslips_send
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.pay.run_pages_scene import (
    FEBRUARY,
    JANUARY,
    MARCH,
    PayScene,
    computed,
    locked,
    pay_scene,
)
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text
from tests.recruiting.vendors.harness import wait_until

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> PayScene:
    return pay_scene()


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.cookies["django_language"] = "en"


def _as(client: Any, scene: PayScene, role: str) -> Any:
    client.force_login(scene.users[role])
    return client


def _own(run: PayrollRun, scene: PayScene) -> Payslip:
    return Payslip.objects.get(run=run, employee=scene.employee)


def _url(name: str, payslip: Payslip) -> str:
    return reverse(f"employees:{name}", kwargs={"pk": payslip.pk})


# --- own payslips of locked runs only -----------------------------------------------


def test_the_list_holds_only_the_employees_own_payslips_of_locked_runs_newest_first(client, scene):
    january, february = locked(scene, JANUARY), locked(scene, FEBRUARY)
    computed(scene, MARCH)  # in review: not the employee's to see yet

    response = _as(client, scene, "employee").get(reverse("employees:my-payslips"))

    shown = list(response.context["page"].object_list)
    assert [p.pk for p in shown] == [_own(february, scene).pk, _own(january, scene).pk]
    assert "2026-03" not in visible_text(response.content.decode())


@pytest.mark.parametrize("name", ["my-payslip", "my-payslip-acknowledge"])
def test_another_employees_payslip_is_404(client, scene, name):
    run = locked(scene)
    colleagues = Payslip.objects.get(run=run, employee=scene.colleague)
    client = _as(client, scene, "employee")

    response = (
        client.post(_url(name, colleagues)) if "ack" in name else client.get(_url(name, colleagues))
    )

    assert response.status_code == 404
    colleagues.refresh_from_db()
    assert colleagues.acknowledged_at is None


@pytest.mark.parametrize("name", ["my-payslip", "my-payslip-acknowledge"])
def test_a_payslip_of_a_run_in_review_is_404_even_for_its_employee(client, scene, name):
    own = _own(computed(scene), scene)
    client = _as(client, scene, "employee")

    response = client.post(_url(name, own)) if "ack" in name else client.get(_url(name, own))

    assert response.status_code == 404
    own.refresh_from_db()
    assert own.acknowledged_at is None


@pytest.mark.parametrize("role", ["hr_admin", "payroll", "manager"])
def test_self_service_shows_nobody_else_s_payslip_whatever_the_role(client, scene, role):
    """HR and payroll read payslips on their own pages; here everyone sees only theirs,
    and the employee's line manager never sees their report's."""
    own = _own(locked(scene), scene)

    assert _as(client, scene, role).get(_url("my-payslip", own)).status_code == 404


def test_an_account_without_an_employee_record_has_no_payslips_page(client, scene):
    client.force_login(UserFactory())
    assert client.get(reverse("employees:my-payslips")).status_code == 404


@pytest.mark.parametrize("pk", [10**9, 0])
def test_an_id_of_nothing_is_404(client, scene, pk):
    locked(scene)
    response = _as(client, scene, "employee").get(f"/employees/me/payslips/{pk}/")
    assert response.status_code == 404


# --- a payslip explained ------------------------------------------------------------


def test_the_payslip_shows_each_category_explained_and_the_year_to_date(client, scene):
    locked(scene, JANUARY)
    february = _own(locked(scene, FEBRUARY), scene)

    response = _as(client, scene, "employee").get(_url("my-payslip", february))

    text = visible_text(response.content.decode())
    groups = {group.category: group for group in response.context["groups"]}
    assert set(groups) == {"earning", "insurance_employee", "tax"}
    assert groups["earning"].total == Decimal("40000.00")
    # Beijing 2026, by hand: insurance on the capped base (the same each month) ...
    insurance = Decimal("7941.72")
    assert groups["insurance_employee"].total == -insurance
    # ... and tax by cumulative withholding: Jan 27,058.28 × 3 % = 811.75; Feb on
    # 54,116.56 × 10 % − 2,520 = 2,891.66, less the 811.75 withheld = 2,079.91.
    assert groups["tax"].total == Decimal("-2079.91")
    assert february.net == Decimal("40000") - insurance - Decimal("2079.91")
    assert "29,978.37" in text
    assert (
        "Withheld cumulatively: the tax on this year's taxable income of 54,116.56 is "
        "2,891.66; less 811.75 withheld in earlier months."
    ) in text
    assert "Your monthly base salary of 40,000.00." in text
    ytd = response.context["ytd"]
    assert (ytd.gross, ytd.insurance, ytd.tax) == (
        Decimal("80000.00"),
        2 * insurance,
        Decimal("2891.66"),
    )
    assert ytd.net == Decimal("31246.53") + Decimal("29978.37")
    # The employer's part is there to open, not in the sums that make net pay.
    assert "Paid by the employer on top of your pay" in text
    # The rule versions are HR's page's detail.
    assert "in force from" not in text


def test_the_payslip_reads_in_chinese_for_a_chinese_reader(client, scene):
    own = _own(locked(scene), scene)
    client = _as(client, scene, "employee")
    client.cookies["django_language"] = "zh-hans"

    text = visible_text(client.get(_url("my-payslip", own)).content.decode())

    for chinese in ("基本工资", "养老保险", "个人所得税"):
        assert chinese in text
    assert "Base salary" not in text


# --- acknowledgement ----------------------------------------------------------------


def test_the_acknowledgement_is_recorded_once_and_audited(client, scene):
    own = _own(locked(scene), scene)
    client = _as(client, scene, "employee")

    first = client.post(_url("my-payslip-acknowledge", own), follow=True)

    own.refresh_from_db()
    at = own.acknowledged_at
    assert at is not None
    assert "your acknowledgement is recorded" in visible_text(first.content.decode())
    assert 'data-testid="acknowledge"' not in first.content.decode()

    second = client.post(_url("my-payslip-acknowledge", own))

    assert second.status_code == 302
    own.refresh_from_db()
    assert own.acknowledged_at == at
    events = AuditEvent.objects.filter(action="employees.payslip_acknowledge")
    employee = scene.users["employee"]
    assert [(e.actor_id, e.target_id) for e in events] == [(employee.pk, str(own.pk))]


def test_acknowledging_is_a_post(client, scene):
    own = _own(locked(scene), scene)
    response = _as(client, scene, "employee").get(_url("my-payslip-acknowledge", own))
    assert response.status_code == 405


# --- self-service entry, menu -------------------------------------------------------


def test_the_me_page_and_the_menu_lead_to_the_payslips(client, scene):
    own = _own(locked(scene), scene)
    client = _as(client, scene, "employee")

    html = client.get(reverse("employees:me")).content.decode()

    assert 'data-testid="section-payslips"' in html
    assert "2026-01" in visible_text(html)
    assert html.count(reverse("employees:my-payslips")) >= 2  # the section and the menu
    assert own.net == Decimal("31246.53")
    assert "31,246.53" in visible_text(html)


def test_the_me_page_has_no_payslips_section_before_the_first_locked_run(client, scene):
    computed(scene)
    html = _as(client, scene, "employee").get(reverse("employees:me")).content.decode()
    assert 'data-testid="section-payslips"' not in html


# --- constant queries ---------------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_a_payslip_read_the_same_queries_however_many_months(client, scene):
    locked(scene, JANUARY)
    client = _as(client, scene, "employee")
    listing = reverse("employees:my-payslips")
    first = Payslip.objects.get(employee=scene.employee)
    small = (_queries(client, listing), _queries(client, _url("my-payslip", first)))

    for month in (2, 3, 4, 5):
        locked(scene, JANUARY.replace(month=month))
    latest = Payslip.objects.filter(employee=scene.employee).order_by("-run__month")[0]

    large = (_queries(client, listing), _queries(client, _url("my-payslip", latest)))
    assert len(client.get(listing).context["page"].object_list) == 5
    assert small == large


# --- e-mail on approval -------------------------------------------------------------


def test_sending_twice_queues_each_payslip_once_and_skips_those_without_an_account(scene):
    run = locked(scene)

    first = payslips_send(run_id=run.pk)
    second = payslips_send(run_id=run.pk)

    assert (first.queued, first.unreachable) == (2, 1)
    assert second.queued == 0
    assert OutboxMessage.objects.filter(event="payslip_ready").count() == 2
    sent = Payslip.objects.filter(run=run, sent_at__isnull=False)
    assert {p.employee_id for p in sent} == {scene.employee.pk, scene.colleague.pk}


def test_a_run_in_review_is_never_sent(scene):
    run = computed(scene)

    with pytest.raises(ApplicationError):
        payslips_send(run_id=run.pk)
    assert not OutboxMessage.objects.exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_approving_e_mails_each_employee_their_payslip_through_the_worker(
    client, celery_worker_process, smtp_capture
):
    """End to end: the approval commits, the worker queues the e-mails in each reader's
    language through the outbox, and the delivery loop sends them over SMTP."""
    smtp_capture.clear()
    scene = pay_scene()
    run = computed(scene)
    own = _own(run, scene)
    client.cookies["django_language"] = "en"
    client.force_login(scene.hr)

    response = client.post(
        reverse("employees:payroll-run-approve", kwargs={"pk": run.pk}), {"confirm": "on"}
    )

    assert response.status_code == 302
    employee, colleague = scene.users["employee"], scene.users["colleague"]
    [english] = wait_until(lambda: smtp_capture.to(employee.email), timeout=40)
    [chinese] = wait_until(lambda: smtp_capture.to(colleague.email), timeout=40)
    assert english.subject == f"Your payslip for 2026-01: net pay {own.net:,.2f}"
    body = english.message.get_payload(decode=True).decode()
    assert "Base salary: 40,000.00" in body
    assert "Pension: -2,822.64" in body
    assert f"/employees/me/payslips/{own.pk}/" in body
    # Django's Chinese number format groups no thousands.
    assert "基本工资: 18000.00" in chinese.message.get_payload(decode=True).decode()
    wait_until(lambda: Payslip.objects.filter(run=run, sent_at__isnull=False).count() == 2)
    # The one without an account is counted on the run page, never e-mailed.
    page = client.get(reverse("employees:payroll-run", kwargs={"pk": run.pk}))
    assert page.context["delivery"].unreachable == 1
    assert page.context["delivery"].sent == 2
    assert len(smtp_capture.messages()) == 2


@pytest.mark.parametrize(
    ("computed_in", "read_in", "expected"),
    [
        ("zh-hans", "en", "Taxable income this year"),
        ("en", "zh-hans", "本年累计应纳税所得额"),
        ("zh-hans", "zh-hans", "本年累计应纳税所得额"),
    ],
)
def test_the_tax_steps_read_in_the_readers_language_whatever_the_runs(
    client, scene, computed_in, read_in, expected
):
    """A run keeps its labels in the language it was computed in; the page names each
    step in the reader's."""
    with translation.override(computed_in):
        own = _own(locked(scene), scene)
    client = _as(client, scene, "employee")
    client.cookies["django_language"] = read_in

    response = client.get(_url("my-payslip", own))

    tax = next(g for g in response.context["groups"] if g.category == "tax").lines[0]
    labels = [step.label for step in tax.steps]
    assert expected in labels
    assert len(labels) == len(own.lines.get(code="income_tax").explanation["steps"])
