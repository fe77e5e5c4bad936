"""The contract, probation and legal rule pages: who sees what, bad input, constant queries."""

import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import Contract, LegalRule, ProbationReview
from employees.periods import period_end
from employees.selectors.contracts import contracts_for_employee
from employees.services.contracts import contract_create
from hrflow.accounts.roles import Role
from tests.employees.contracts.people import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _team(start_days_ago: int = 170):  # type: ignore[no-untyped-def]
    """A manager (employee role, found by the org) and a report on probation, the review open."""
    today = timezone.localdate()
    start = today - timedelta(days=start_days_ago)
    boss_user = UserFactory(roles=[Role.EMPLOYEE])
    boss = employee_make(hire_date=start - timedelta(days=400), user=boss_user, status="regular")
    report_user = UserFactory(roles=[Role.EMPLOYEE])
    report = employee_make(hire_date=start, manager=boss, user=report_user)
    contract = contract_create(
        employee=report, kind="fixed_term", starts_on=start, ends_on=period_end(start, 36),
        probation_months=6, signed_on=start, note="仅 HR 可见的备注", actor=None,
    )  # fmt: skip
    review = ProbationReview.objects.get(contract=contract)
    return boss_user, report_user, contract, review


def _pages(contract: Contract, review: ProbationReview) -> list[str]:
    return [
        reverse("employees:contract-list"),
        reverse("employees:contract-create"),
        reverse("employees:contract-unwritten"),
        reverse("employees:contract-detail", args=[contract.pk]),
        reverse("employees:contract-renew", args=[contract.pk]),
        reverse("employees:probation-list"),
        reverse("employees:probation-decide", args=[review.pk]),
        reverse("employees:legal-rule-list"),
        reverse("employees:legal-rule-create"),
    ]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.RECRUITER, Role.INTERVIEWER])
def test_someone_neither_hr_nor_a_manager_gets_404_on_every_page(client, role):
    _boss, _report, contract, review = _team()
    client.force_login(UserFactory(roles=[role]))
    for url in _pages(contract, review):
        assert client.get(url).status_code == 404, url
    for name in ("employees:contract-sign", "employees:contract-end"):
        response = client.post(reverse(name, args=[contract.pk]), {"signed_on": "2025-01-01"})
        assert response.status_code == 404, name
    response = client.post(
        reverse("employees:probation-decide", args=[review.pk]), {"outcome": "pass"}
    )
    assert response.status_code == 404
    assert ProbationReview.objects.get(pk=review.pk).outcome == ""


def test_hr_admins_open_every_page(client):
    _boss, _report, contract, review = _team()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    for url in _pages(contract, review):
        assert client.get(url).status_code == 200, url
    detail = client.get(reverse("employees:contract-detail", args=[contract.pk])).content.decode()
    assert "仅 HR 可见的备注" in detail


def test_a_manager_sees_the_reports_contract_and_term_but_writes_nothing(client):
    boss, _report, contract, review = _team()
    client.force_login(boss)
    listing = client.get(reverse("employees:contract-list"))
    assert listing.status_code == 200
    assert contract.employee.full_name in listing.content.decode()
    detail = client.get(reverse("employees:contract-detail", args=[contract.pk])).content.decode()
    assert contract.starts_on.strftime("%Y-%m-%d") in detail
    assert "仅 HR 可见的备注" not in detail  # HR's note stays HR's
    assert 'data-testid="contract-sign"' not in detail
    for url in (
        reverse("employees:contract-create"),
        reverse("employees:contract-unwritten"),
        reverse("employees:contract-renew", args=[contract.pk]),
        reverse("employees:legal-rule-list"),
    ):
        assert client.get(url).status_code == 404, url
    end = client.post(
        reverse("employees:contract-end", args=[contract.pk]),
        {"ended_on": timezone.localdate().isoformat(), "reason": "x"},
    )
    assert end.status_code == 404
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.ACTIVE
    assert client.get(reverse("employees:probation-list")).status_code == 200
    assert client.get(reverse("employees:probation-decide", args=[review.pk])).status_code == 200


def test_a_manager_cannot_see_or_decide_another_teams_reviews(client):
    boss, _report, _contract, review = _team()
    _other_boss, _other_report, other_contract, other_review = _team()
    client.force_login(boss)
    listing = client.get(reverse("employees:probation-list")).content.decode()
    assert review.employee.full_name in listing
    assert other_review.employee.full_name not in listing
    decide = reverse("employees:probation-decide", args=[other_review.pk])
    assert client.get(decide).status_code == 404
    assert client.post(decide, {"outcome": "pass"}).status_code == 404
    assert ProbationReview.objects.get(pk=other_review.pk).outcome == ""
    detail = reverse("employees:contract-detail", args=[other_contract.pk])
    assert client.get(detail).status_code == 404


def test_the_person_reads_their_own_contract_but_not_their_review(client):
    _boss, report, contract, review = _team()
    client.force_login(report)
    page = client.get(reverse("employees:contract-detail", args=[contract.pk]))
    assert page.status_code == 200
    assert 'data-testid="contract-sign"' not in page.content.decode()
    assert client.get(reverse("employees:probation-decide", args=[review.pk])).status_code == 404
    assert list(contracts_for_employee(contract.employee)) == [contract]


def test_the_manager_passes_probation_on_the_page(client):
    boss, _report, _contract, review = _team()
    client.force_login(boss)
    response = client.post(
        reverse("employees:probation-decide", args=[review.pk]),
        {"outcome": "pass", "reason": "达标"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.outcome, review.decided_by) == ("passed", boss)


def test_an_extension_past_the_maximum_is_refused_on_the_form_with_its_reason(client):
    _boss, _report, contract, review = _team()  # three years: six months in all
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    too_late = period_end(contract.starts_on, 6) + timedelta(days=1)
    response = client.post(
        reverse("employees:probation-decide", args=[review.pk]),
        {"outcome": "extend", "new_end_date": too_late.isoformat(), "reason": "再观察"},
    )
    assert response.status_code == 200
    assert "art. 19" in response.content.decode() or "第十九条" in response.content.decode()
    assert ProbationReview.objects.get(pk=review.pk).outcome == ""


def test_hr_records_a_contract_and_a_refused_probation_is_a_form_error(client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    employee = employee_make(hire_date=date(2025, 1, 1))
    client.force_login(hr)
    url = reverse("employees:contract-create")
    form = {
        "employee": employee.number, "kind": "fixed_term", "starts_on": "2025-01-01",
        "ends_on": "2025-12-30", "probation_months": "2", "signed_on": "2025-01-01",
    }  # fmt: skip
    refused = client.post(url, form)
    assert refused.status_code == 200
    assert not Contract.objects.exists()
    form["probation_months"] = "1"
    created = client.post(url, form)
    contract = Contract.objects.get()
    assert created.url == reverse("employees:contract-detail", args=[contract.pk])
    assert (contract.status, contract.probation_months) == ("active", 1)


@pytest.mark.parametrize(
    "value", ["a\x00b", "²", "1" + "0" * 20, "NaN", "1e999999", "-1", "x" * 3000]
)
def test_hostile_input_never_gives_a_500(client, value):
    _boss, _report, contract, review = _team()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    posts = {
        reverse("employees:contract-create"): ["employee", "kind", "starts_on", "ends_on",
                                               "probation_months", "signed_on"],
        reverse("employees:contract-sign", args=[contract.pk]): ["signed_on"],
        reverse("employees:contract-end", args=[contract.pk]): ["ended_on", "reason"],
        reverse("employees:contract-renew", args=[contract.pk]): ["kind", "ends_on"],
        reverse("employees:probation-decide", args=[review.pk]): ["outcome", "new_end_date",
                                                                   "last_day"],
        reverse("employees:legal-rule-create"): ["code", "effective_from", "value", "region"],
    }  # fmt: skip
    for url, fields in posts.items():
        for field in fields:
            assert client.post(url, {field: value}).status_code < 500, (url, field)
    for query in ("q", "status", "kind", "page"):
        assert client.get(reverse("employees:contract-list"), {query: value}).status_code < 500
    assert client.get(reverse("employees:contract-create"), {"employee": value}).status_code in (
        400,
        404,
    )
    nan_rule = client.post(
        reverse("employees:legal-rule-create"),
        {"code": "contract.written_within_months", "effective_from": "2030-01-01",
         "value": "NaN", "source_title": "x"},
    )  # fmt: skip
    assert nan_rule.status_code == 200
    assert not LegalRule.objects.filter(effective_from=date(2030, 1, 1)).exists()


def test_hr_adds_a_dated_row_and_history_stays(client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(hr)
    code = "contract.probation_limits"
    before = LegalRule.objects.get(code=code)
    page = client.get(reverse("employees:legal-rule-list")).content.decode()
    assert "art. 19" in page
    assert before.source_url in page
    form = client.get(reverse("employees:legal-rule-create"), {"code": code})
    assert form.status_code == 200
    value = {**before.value, "open_ended_max_months": 4}
    url = reverse("employees:legal-rule-create")
    row = {"code": code, "effective_from": "2030-01-01", "source_title": "新法", "region": ""}
    wrong_shape = client.post(url, {**row, "value": json.dumps({"bands": []})})
    assert wrong_shape.status_code == 200
    same_day = client.post(url, {**row, "effective_from": "2008-01-01", "value": json.dumps(value)})
    assert same_day.status_code == 200  # a row in force is never rewritten
    assert client.post(url, {**row, "value": json.dumps(value)}).status_code == 302
    rows = list(LegalRule.objects.filter(code=code).order_by("effective_from"))
    assert [(r.effective_from, r.value["open_ended_max_months"]) for r in rows] == [
        (date(2008, 1, 1), 6), (date(2030, 1, 1), 4),
    ]  # fmt: skip
    assert rows[0].value == before.value


def test_the_list_pages_run_constant_queries(client, django_assert_num_queries):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(hr)
    start = timezone.localdate() - timedelta(days=100)
    pages = [
        reverse("employees:contract-list"),
        reverse("employees:contract-unwritten"),
        reverse("employees:probation-list"),
        reverse("employees:legal-rule-list"),
    ]

    def add_people(count: int) -> None:
        for _ in range(count):
            _team()
            employee_make(hire_date=start)  # no contract: on the warning page

    add_people(1)
    counts = []
    for url in pages:
        client.get(url)  # warm the session and permission caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts.append(len(few))
    add_people(4)
    for url, expected in zip(pages, counts, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
