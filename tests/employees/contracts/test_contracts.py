"""Labour contracts under the dated rules (issue 15, point 5): each rule at its boundary."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from employees.models import Contract, EmployeeStatus, EmploymentType, LegalRule
from employees.periods import period_end
from employees.selectors.contracts import contracts_unwritten, probation_limit_months
from employees.services.contracts import (
    contract_create,
    contract_end,
    contract_renew,
    contract_sign,
    contracts_expiry_remind,
    contracts_unwritten_remind,
)
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from tests.employees.contracts.people import employee_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

START = date(2025, 1, 1)


@pytest.mark.parametrize(
    ("kind", "ends_on", "allowed"),
    [
        ("fixed_term", date(2025, 3, 30), 0),  # one day short of three months
        ("fixed_term", date(2025, 3, 31), 1),  # exactly three months
        ("fixed_term", date(2025, 12, 30), 1),  # one day short of a year
        ("fixed_term", date(2025, 12, 31), 2),  # exactly one year
        ("fixed_term", date(2027, 12, 30), 2),  # one day short of three years
        ("fixed_term", date(2027, 12, 31), 6),  # exactly three years
        ("open_ended", None, 6),
        ("task", None, 0),
    ],
)
def test_probation_is_limited_by_the_term_at_each_boundary(kind, ends_on, allowed):
    """Art. 19: the longest probation allowed, and one month more is refused."""
    assert probation_limit_months(kind=kind, starts_on=START, ends_on=ends_on) == allowed
    terms = {"kind": kind, "starts_on": START, "ends_on": ends_on, "actor": None}
    if kind == "task":
        terms["task_description"] = "仓库搬迁项目"
    with pytest.raises(ApplicationError) as refused:
        contract_create(
            employee=employee_make(hire_date=START), probation_months=allowed + 1, **terms
        )
    assert refused.value.extra == {"field": "probation_months"}
    assert "art. 19" in refused.value.message
    assert not Contract.objects.exists()
    if allowed:
        contract = contract_create(
            employee=employee_make(hire_date=START), probation_months=allowed, **terms
        )
        assert contract.probation_ends_on == period_end(START, allowed)


def test_probation_ends_on_the_last_day_of_its_months():
    contract = contract_create(
        employee=employee_make(hire_date=date(2025, 1, 31)),
        kind="fixed_term",
        starts_on=date(2025, 1, 31),
        ends_on=date(2028, 1, 30),
        probation_months=1,
        actor=None,
    )
    assert contract.probation_ends_on == date(2025, 2, 28)  # a month from 31 January


def test_the_probation_limits_are_read_from_the_rule_of_the_contracts_first_day():
    """A later row of the rule governs later contracts only."""
    rule = LegalRule.objects.get(code="contract.probation_limits")
    stricter = {**rule.value, "open_ended_max_months": 3}
    LegalRule.objects.create(
        code=rule.code, effective_from=date(2026, 1, 1), value=stricter, source_title="test"
    )
    assert (
        probation_limit_months(kind="open_ended", starts_on=date(2025, 12, 31), ends_on=None) == 6
    )
    assert probation_limit_months(kind="open_ended", starts_on=date(2026, 1, 1), ends_on=None) == 3


def test_probation_is_allowed_only_once_per_employee():
    """A renewal has none, and a second contract cannot bring one either."""
    employee = employee_make(hire_date=START)
    first = contract_create(
        employee=employee,
        kind="fixed_term",
        starts_on=START,
        ends_on=date(2025, 12, 31),
        signed_on=START,
        actor=None,
    )
    assert first.probation_months == 0
    contract_end(contract=first, ended_on=date(2025, 6, 30), reason="转岗", actor=None)
    with pytest.raises(ApplicationError) as refused:
        contract_create(
            employee=employee,
            kind="fixed_term",
            starts_on=date(2025, 7, 1),
            ends_on=date(2028, 6, 30),
            probation_months=1,
            actor=None,
        )
    assert "only once" in refused.value.message
    second = contract_create(
        employee=employee,
        kind="fixed_term",
        starts_on=date(2025, 7, 1),
        ends_on=date(2026, 6, 30),
        signed_on=date(2025, 7, 1),
        actor=None,
    )
    renewal = contract_renew(
        contract=second, kind="fixed_term", ends_on=date(2027, 6, 30), actor=None
    )
    assert (renewal.sequence, renewal.renewal_count, renewal.probation_months) == (3, 2, 0)
    assert renewal.starts_on == date(2026, 7, 1)
    assert renewal.renewal_of == second


def test_contracts_of_one_employee_cannot_overlap_and_need_their_shape():
    employee = employee_make(hire_date=START)
    contract_create(
        employee=employee, kind="open_ended", starts_on=START, actor=None, signed_on=START
    )
    with pytest.raises(ApplicationError, match="covers part"):
        contract_create(
            employee=employee, kind="fixed_term", starts_on=date(2030, 1, 1),
            ends_on=date(2031, 1, 1), actor=None,
        )  # fmt: skip
    other = employee_make(hire_date=START)
    for terms, field in (
        ({"kind": "fixed_term"}, "ends_on"),
        ({"kind": "open_ended", "ends_on": date(2026, 1, 1)}, "ends_on"),
        ({"kind": "task"}, "task_description"),
        ({"kind": "fixed_term", "ends_on": date(2024, 12, 31)}, "ends_on"),
    ):
        with pytest.raises(ApplicationError) as refused:
            contract_create(employee=other, starts_on=START, actor=None, **terms)
        assert refused.value.extra == {"field": field}
    with pytest.raises(ApplicationError) as refused:
        contract_create(
            employee=other, kind="open_ended", starts_on=START - timedelta(days=1), actor=None
        )
    assert refused.value.extra == {"field": "starts_on"}


def test_signing_and_ending_are_audited_and_refused_twice():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    contract = contract_create(
        employee=employee_make(hire_date=START), kind="fixed_term", starts_on=START,
        ends_on=date(2025, 12, 31), actor=hr,
    )  # fmt: skip
    assert contract.status == Contract.Status.DRAFT
    with pytest.raises(ApplicationError):
        contract_sign(
            contract=contract, signed_on=timezone.localdate() + timedelta(days=1), actor=hr
        )
    contract = contract_sign(contract=contract, signed_on=START, actor=hr)
    assert contract.status == Contract.Status.ACTIVE
    with pytest.raises(ApplicationError):
        contract_sign(contract=contract, signed_on=START, actor=hr)
    with pytest.raises(ApplicationError) as refused:
        contract_end(contract=contract, ended_on=date(2025, 6, 1), reason=" ", actor=hr)
    assert refused.value.extra == {"field": "reason"}
    ended = contract_end(contract=contract, ended_on=date(2025, 12, 31), reason="", actor=hr)
    assert (ended.status, ended.ended_on) == (Contract.Status.ENDED, date(2025, 12, 31))
    actions = list(
        AuditEvent.objects.filter(actor=hr, action__startswith="employees.contract_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "employees.contract_create", "employees.contract_sign", "employees.contract_end",
    ]  # fmt: skip


# The written contract within one month (arts. 10, 82).


@pytest.mark.parametrize(
    ("hire_date", "last_day_in_time"),
    [(date(2025, 1, 1), date(2025, 1, 31)), (date(2025, 4, 1), date(2025, 4, 30))],
)
def test_the_written_contract_month_ends_on_day_30_or_31(hire_date, last_day_in_time):
    """Still in time on the month's last day; overdue by one day the day after."""
    employee = employee_make(hire_date=hire_date)
    assert contracts_unwritten(on=last_day_in_time) == []
    (row,) = contracts_unwritten(on=last_day_in_time + timedelta(days=1))
    assert (row.employee, row.deadline, row.days_overdue) == (employee, last_day_in_time, 1)
    assert row.double_wage_from == last_day_in_time + timedelta(days=1)
    assert (row.double_wage_month, row.double_wage_max) == (1, 11)


def test_a_signed_contract_or_a_form_without_one_leaves_the_warning_list():
    signed = employee_make(hire_date=START)
    contract_create(
        employee=signed, kind="open_ended", starts_on=START, signed_on=START, actor=None
    )
    unsigned_draft = employee_make(hire_date=START)
    contract_create(employee=unsigned_draft, kind="open_ended", starts_on=START, actor=None)
    employee_make(hire_date=START, employment_type=EmploymentType.DISPATCHED)
    employee_make(hire_date=START, employment_type=EmploymentType.PART_TIME)
    rows = contracts_unwritten(on=date(2025, 3, 1))
    assert [row.employee for row in rows] == [unsigned_draft]  # a draft is not written yet
    assert rows[0].double_wage_month == 2


def test_after_a_year_without_one_an_open_ended_contract_is_deemed_concluded():
    employee_make(hire_date=START)
    (before,) = contracts_unwritten(on=date(2025, 12, 31))
    (after,) = contracts_unwritten(on=date(2026, 1, 1))
    assert (before.deemed_open_ended, after.deemed_open_ended) == (False, True)
    assert after.deemed_open_ended_on == date(2026, 1, 1)
    assert after.double_wage_month == 11  # art. 82 counts eleven months at most


def test_hr_is_reminded_once_a_day_per_employee_of_a_missing_contract():
    hr_people = [UserFactory(roles=[Role.HR_ADMIN]), UserFactory(roles=[Role.HR_ADMIN])]
    UserFactory(roles=[Role.RECRUITER])
    late = employee_make(hire_date=START, name="迟签")
    soon = employee_make(hire_date=date(2025, 1, 28), name="快到期")  # due 27 February
    day = date(2025, 2, 21)  # late: 21 days overdue; soon: due in 6 days

    assert contracts_unwritten_remind(on=day) == 4
    assert contracts_unwritten_remind(on=day) == 0  # the task ran twice: nothing new
    assert contracts_unwritten_remind(on=day + timedelta(days=1)) == 4

    sent = OutboxMessage.objects.filter(event="contract_unwritten")
    assert {message.recipient for message in sent} == {person.email for person in hr_people}
    first_day = sent.filter(idempotency_key__contains=f":{day.isoformat()}:")
    assert (
        first_day.filter(idempotency_key__startswith=f"contract_unwritten:{late.pk}:").count() == 2
    )
    assert {m.idempotency_key.split(":")[3] for m in first_day} == {"overdue", "due"}
    assert (
        soon.full_name
        in first_day.get(
            idempotency_key=f"contract_unwritten:{soon.pk}:{day.isoformat()}:due:{hr_people[0].pk}"
        ).body
    )


# The end of a term: reminders at 60 and 30 days, each once.


def test_expiry_reminders_go_at_60_and_30_days_each_once():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    ends_on = date(2026, 6, 30)
    contract = contract_create(
        employee=employee_make(hire_date=START), kind="fixed_term", starts_on=START,
        ends_on=ends_on, signed_on=START, actor=None,
    )  # fmt: skip
    keys = lambda: set(  # noqa: E731
        OutboxMessage.objects.filter(event="contract_expiring").values_list(
            "idempotency_key", flat=True
        )
    )
    assert contracts_expiry_remind(on=ends_on - timedelta(days=61)) == 0
    assert contracts_expiry_remind(on=ends_on - timedelta(days=60)) == 1
    assert contracts_expiry_remind(on=ends_on - timedelta(days=59)) == 0
    assert contracts_expiry_remind(on=ends_on - timedelta(days=31)) == 0
    assert contracts_expiry_remind(on=ends_on - timedelta(days=30)) == 1
    assert contracts_expiry_remind(on=ends_on - timedelta(days=1)) == 0
    assert keys() == {
        f"contract_expiring:{contract.pk}:60:{hr.pk}",
        f"contract_expiring:{contract.pk}:30:{hr.pk}",
    }


def test_a_contract_recorded_inside_the_window_gets_the_reminder_it_is_in():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    ends_on = date(2026, 6, 30)
    contract_create(
        employee=employee_make(hire_date=START), kind="fixed_term", starts_on=START,
        ends_on=ends_on, signed_on=START, actor=None,
    )  # fmt: skip
    assert contracts_expiry_remind(on=ends_on - timedelta(days=20)) == 1
    (message,) = OutboxMessage.objects.filter(event="contract_expiring", recipient=hr.email)
    assert message.idempotency_key.split(":")[2] == "30"


# Open-ended eligibility (art. 14).


def _fixed(employee, start: date, end: date, **extra) -> Contract:  # type: ignore[no-untyped-def]
    return contract_create(
        employee=employee, kind="fixed_term", starts_on=start, ends_on=end, signed_on=start,
        actor=None, **extra,
    )  # fmt: skip


def test_the_third_signing_after_two_fixed_terms_is_flagged_open_ended():
    hr = UserFactory(roles=[Role.HR_ADMIN])
    employee = employee_make(hire_date=START)
    first = _fixed(employee, START, date(2025, 12, 31))
    second = contract_renew(
        contract=first, kind="fixed_term", ends_on=date(2026, 12, 31), signed_on=START, actor=None
    )
    assert (first.open_ended_eligible, second.open_ended_eligible) == ("", "")
    third = contract_renew(
        contract=second, kind="fixed_term", ends_on=date(2027, 12, 31), actor=None
    )
    assert third.sequence == 3
    assert third.open_ended_eligible == Contract.OpenEndedGround.FIXED_TERMS
    # HR hears of it with the reminder before the second term ends.
    contracts_expiry_remind(on=date(2026, 11, 1))
    (message,) = OutboxMessage.objects.filter(event="contract_expiring", recipient=hr.email)
    assert "open-ended" in message.body or "无固定期限" in message.body


@pytest.mark.parametrize(
    ("starts_on", "flagged"), [(date(2034, 12, 31), ""), (date(2035, 1, 1), "years")]
)
def test_ten_years_of_service_flag_open_ended_on_the_anniversary(starts_on, flagged):
    employee = employee_make(hire_date=date(2025, 1, 1))
    contract = contract_create(
        employee=employee, kind="task", task_description="项目", starts_on=starts_on, actor=None
    )
    assert contract.open_ended_eligible == flagged


def test_a_first_contract_without_probation_makes_the_hire_regular_from_its_first_day():
    """Hired "on probation" by default; a first contract that agrees none says otherwise,
    as a correction of the first-day record (audited), not as a passed probation."""
    hr = UserFactory(roles=[Role.HR_ADMIN])
    employee = employee_make(hire_date=START)
    contract_create(
        employee=employee, kind="fixed_term", starts_on=START, ends_on=date(2027, 12, 31),
        actor=hr,
    )  # fmt: skip
    rows = list(employee.assignments.order_by("valid_from").values_list("valid_from", "status"))
    assert rows == [(START, EmployeeStatus.REGULAR)]
    correction = AuditEvent.objects.get(actor=hr, action="employees.assignment_correct")
    assert correction.changes["status"] == [EmployeeStatus.PROBATION, EmployeeStatus.REGULAR]

    # With a probation agreed, the record keeps saying probation.
    other = employee_make(hire_date=START)
    contract_create(
        employee=other, kind="fixed_term", starts_on=START, ends_on=date(2027, 12, 31),
        probation_months=3, actor=hr,
    )  # fmt: skip
    assert list(other.assignments.values_list("status", flat=True)) == [EmployeeStatus.PROBATION]


def test_a_later_contract_without_probation_changes_no_status():
    """Only the first contract speaks of the start: a renewal never has a probation."""
    start = timezone.localdate() - timedelta(days=10)  # probation far from its review
    employee = employee_make(hire_date=start)
    first = contract_create(
        employee=employee, kind="fixed_term", starts_on=start,
        ends_on=period_end(start, 36), probation_months=6,
        signed_on=start, actor=None,
    )  # fmt: skip
    contract_renew(contract=first, kind="open_ended", actor=None)
    assert set(employee.assignments.values_list("status", flat=True)) == {EmployeeStatus.PROBATION}
