"""`manage.py seed --employees N`: consistent rows, contracts by the rules, evidence linked,
and --force semantics."""

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from employees.models import (
    Assignment,
    Contract,
    Employee,
    HiredAssessment,
    HireSnapshot,
    Position,
    SkillEvidence,
)
from employees.seeding.builder import EmployeeSeedError, seed_employees
from employees.seeding.contracts import Rules, add_months
from recruiting.models import Application
from recruiting.seeding.builder import seed_database
from recruiting.seeding.hires import pipeline_hires_for_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def seeded(today: date) -> dict[str, int]:
    return seed_employees(count=400, today=today, seed=3).rows


def test_every_employee_has_one_job_record_in_force_today_and_rows_are_contiguous(
    seeded: dict[str, int], today: date
) -> None:
    assert Employee.objects.count() == 400
    in_force = Assignment.objects.as_of(today).values_list("employee_id", flat=True)
    assert sorted(in_force) == sorted(Employee.objects.values_list("pk", flat=True))
    rows = defaultdict(list)
    for row in Assignment.objects.order_by("valid_from"):
        rows[row.employee_id].append(row)
    for employee in Employee.objects.all():
        history = rows[employee.pk]
        assert history[0].valid_from == min(employee.hire_date, today)
        assert history[-1].valid_to is None
        assert all(a.valid_to == b.valid_from for a, b in pairwise(history))
        if employee.left_on:
            assert history[-1].status == "left"
            assert history[-1].valid_from == employee.left_on


def test_the_seed_makes_a_realistic_mix(seeded: dict[str, int], today: date) -> None:
    now = Assignment.objects.as_of(today)
    statuses = set(now.values_list("status", flat=True))
    kinds = set(now.values_list("employment_type", flat=True))
    changes = set(Assignment.objects.values_list("change", flat=True))

    assert {"probation", "regular", "left"} <= statuses
    assert {"full_time", "dispatched", "intern"} <= kinds
    assert {"hire", "probation_passed", "transfer", "promotion", "leaving"} <= changes
    assert Employee.objects.filter(hire_date__lt=today - timedelta(days=5 * 365)).exists()
    assert all(e.full_name and e.id_number_tail for e in Employee.objects.all()[:50])
    assert len(Employee.objects.first().id_number) == 18  # decrypted: stored encrypted


def test_managers_form_one_tree_today(seeded: dict[str, int], today: date) -> None:
    manager_of = dict(Assignment.objects.as_of(today).values_list("employee_id", "manager_id"))
    roots = [employee for employee, manager in manager_of.items() if manager is None]
    assert len(roots) == 1
    for employee in manager_of:
        seen = set()
        while employee is not None:
            assert employee not in seen
            seen.add(employee)
            employee = manager_of[employee]


def test_contracts_follow_the_rules(seeded: dict[str, int], today: date) -> None:
    rules = Rules.load(today)
    contracts = defaultdict(list)
    for contract in Contract.objects.order_by("sequence"):
        contracts[contract.employee_id].append(contract)
    assert contracts
    for employee_id, signed in contracts.items():
        assert [c.sequence for c in signed] == list(range(1, len(signed) + 1))
        assert signed[0].renewal_of is None
        assert all(b.renewal_of_id == a.pk for a, b in pairwise(signed))
        assert all(c.probation_months == 0 for c in signed[1:])  # probation only once
        first = signed[0]
        term = None if first.ends_on is None else _months(first.starts_on, first.ends_on)
        assert first.probation_months <= rules.probation_max(term)
        if first.probation_months:
            end = add_months(first.starts_on, first.probation_months) - timedelta(days=1)
            assert first.probation_ends_on == end
        for contract in signed:
            if contract.kind == Contract.Kind.OPEN_ENDED:
                fixed_before = sum(c.kind == Contract.Kind.FIXED_TERM for c in signed)
                years = (contract.starts_on - first.starts_on).days // 365
                assert fixed_before >= rules.open_after_fixed_terms or years >= 10
            if contract.signed_on is not None:  # written within a month of the start
                assert contract.signed_on <= add_months(contract.starts_on, 1)
            if contract.status == Contract.Status.ACTIVE:
                assert contract.ends_on is None or contract.ends_on >= today
        employee = Employee.objects.get(pk=employee_id)
        assert first.starts_on == employee.hire_date


def _months(start: date, end: date) -> int:
    """Whole months of a term from `start` to `end` inclusive."""
    after = end + timedelta(days=1)
    return (after.year - start.year) * 12 + after.month - start.month - (after.day < start.day)


def test_positions_hold_their_people(seeded: dict[str, int], today: date) -> None:
    for position in Position.objects.all():
        filled = Assignment.objects.as_of(today).filter(position=position).count()
        assert position.headcount >= filled


def test_pipeline_hires_carry_their_ai_interview_as_linked_evidence(today: date) -> None:
    seed_database(applications=3000, jobs=4, seed=5, now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    hires = pipeline_hires_for_seed(limit=40)
    assert hires

    seed_employees(count=500, today=today, seed=2, force=True, hires=hires)

    hired = Employee.objects.filter(source_application_id__isnull=False)
    assert hired.count() == len(hires)
    for employee in hired.select_related("hire_snapshot"):
        application = Application.objects.select_related("candidate").get(
            pk=employee.source_application_id
        )
        assert application.status == Application.Status.HIRED
        assert employee.full_name == application.candidate.full_name
        assert employee.hire_snapshot.application_id == application.pk
        assessment = HiredAssessment.objects.get(employee=employee)
        assert assessment.dimension_scores.count() >= 4
        evidence = SkillEvidence.objects.filter(employee=employee)
        assert evidence.count() == assessment.dimension_scores.count()
        assert {e.hired_assessment_id for e in evidence} == {assessment.pk}
        assert all(0 <= e.pool_percentile <= 100 and e.pool_size for e in evidence)
    assert HireSnapshot.objects.count() == len(hires)
    # Seeding again takes only applications not yet employees.
    again = {hire.application_id for hire in pipeline_hires_for_seed(limit=40)}
    assert not again & set(hired.values_list("source_application_id", flat=True))


def test_a_database_with_employees_is_refused_unless_forced(
    seeded: dict[str, int], today: date
) -> None:
    before = set(Employee.objects.values_list("number", flat=True))
    with pytest.raises(EmployeeSeedError):
        seed_employees(count=10, today=today)
    assert Employee.objects.count() == 400

    seed_employees(count=120, today=today, seed=9, force=True)

    after = set(Employee.objects.values_list("number", flat=True))
    assert before < after
    assert len(after) == 520
    assert Assignment.objects.as_of(today).count() == 520


def test_the_command_seeds_employees_and_refuses_a_second_run_without_force() -> None:
    out = io.StringIO()

    call_command("seed", "--employees", "60", stdout=out)
    with pytest.raises(CommandError, match="--force"):
        call_command("seed", "--employees", "60", stdout=io.StringIO())
    call_command("seed", "--employees", "60", "--force", stdout=io.StringIO())

    assert "employees" in out.getvalue()
    assert Employee.objects.count() == 120


def test_the_command_needs_something_to_seed() -> None:
    with pytest.raises(CommandError):
        call_command("seed", stdout=io.StringIO())


@pytest.mark.parametrize(
    "today",
    # Today, and days where counting months back and forth does not meet (month ends).
    [
        timezone.localdate(),
        date(2027, 3, 27),
        date(2027, 3, 31),
        date(2027, 1, 29),
        date(2028, 2, 26),
    ],
    ids=str,
)
def test_some_probations_end_within_two_weeks_whatever_day_the_seed_runs(today: date) -> None:
    """The demo's probation decisions need reviews due now: a few people are dated so
    their probation ends in the coming days, on any day (not by luck of the draw)."""
    seed_employees(count=60, today=today, seed=5)
    in_probation = Assignment.objects.as_of(today).filter(status="probation")
    due = Contract.objects.filter(
        employee_id__in=in_probation.values("employee_id"),
        probation_ends_on__gte=today + timedelta(days=3),
        probation_ends_on__lte=today + timedelta(days=10),
    )
    assert due.count() >= 3


def test_a_probation_dated_to_end_soon_ends_in_the_window_on_every_day_of_a_year() -> None:
    """Month ends included: the start is counted forward as the contract counts it."""
    import random

    from employees.seeding.plan import PROBATION_DUE_DAYS, _hire_for_probation_due

    rng = random.Random(7)
    low, high = PROBATION_DUE_DAYS
    misses = []
    for offset in range(366):
        today = date(2027, 1, 1) + timedelta(days=offset)
        for months in (1, 2, 3, 6):
            hire = _hire_for_probation_due(rng, today, months)
            ends = add_months(hire, months) - timedelta(days=1)
            if not low <= (ends - today).days <= high:
                misses.append((today, months, ends))
    assert misses == []
