"""Reading labour contracts: lists, one contract, and what the rules say about them.

The legal numbers come from the dated rules (`legal_value`) in force on the day
that matters: a contract's first day for its probation, an employee's first day
for the written-contract month.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from employees.models import Assignment, Contract, Employee
from employees.periods import months_later, period_end, term_reaches, whole_years_between
from employees.selectors.rules import legal_value, legal_value_reader
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped

# Contracts still binding: what a new contract must not overlap, what expires.
CURRENT = (Contract.Status.DRAFT, Contract.Status.ACTIVE)


def contracts_list(
    *, viewer: User, q: str = "", status: str = "", kind: str = ""
) -> QuerySet[Contract]:
    """The contracts the viewer may see, newest first, with their employee."""
    rows = scoped(Contract.objects.all(), viewer).select_related("employee")
    if q:
        rows = rows.filter(
            Q(employee__full_name__icontains=q)
            | Q(employee__number__iexact=q)
            | Q(employee__preferred_name__icontains=q)
        )
    if status in Contract.Status.values:
        rows = rows.filter(status=status)
    if kind in Contract.Kind.values:
        rows = rows.filter(kind=kind)
    return rows.order_by("-starts_on", "-pk")


def contract_get(*, viewer: User, pk: int) -> Contract:
    """One contract the viewer may see (HR all, a manager their reports', the person
    their own), else 404 exactly like a missing one."""
    return get_scoped_or_404(
        Contract.objects.select_related("employee", "renewal_of", "recorded_by"), viewer, pk=pk
    )


def contracts_for_employee(employee: Employee) -> QuerySet[Contract]:
    """The employee's contracts, newest first: for the self-service page, which has
    already resolved the employee as the signed-in person (read-only)."""
    return Contract.objects.filter(employee=employee).order_by("-sequence")


def contract_current(employee: Employee, *, on: date) -> Contract | None:
    """The contract in force (or waiting to be signed) on `on`, if any."""
    return (
        Contract.objects.filter(employee=employee, status__in=CURRENT, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-sequence")
        .first()
    )


def probation_limit_months(*, kind: str, starts_on: date, ends_on: date | None) -> int:
    """The longest probation art. 19 allows for this contract, as the rule read on its
    first day: none for a task contract or a term under three months, one month up to
    a year, two up to three years, six for three years or more and open-ended."""
    limits = legal_value("contract.probation_limits", on=starts_on)
    if kind == Contract.Kind.TASK:
        return int(limits["task_max_months"])
    if kind == Contract.Kind.OPEN_ENDED or ends_on is None:
        return int(limits["open_ended_max_months"])
    allowed = 0
    for band in limits["bands"]:
        below = band["below_term_months"]
        if term_reaches(starts_on, ends_on, int(band["min_term_months"])) and (
            below is None or not term_reaches(starts_on, ends_on, int(below))
        ):
            allowed = int(band["max_months"])
    return allowed


def probation_latest_end(contract: Contract) -> date | None:
    """The last day a probation on this contract may reach, extensions included."""
    months = probation_limit_months(
        kind=contract.kind, starts_on=contract.starts_on, ends_on=contract.ends_on
    )
    if months <= 0:
        return None
    last = period_end(contract.starts_on, months)
    return min(last, contract.ends_on) if contract.ends_on else last


def open_ended_ground(*, employee: Employee, starts_on: date) -> str:
    """Why a contract signed now should be open-ended if the employee asks (art. 14):
    after the number of consecutive fixed terms the rule names, or after its years of
    service; empty when neither holds."""
    earlier = list(
        Contract.objects.filter(employee=employee, starts_on__lt=starts_on)
        .exclude(status=Contract.Status.DRAFT)
        .order_by("-sequence")
        .values_list("kind", flat=True)
    )
    if earlier and earlier[0] == Contract.Kind.OPEN_ENDED:
        return ""
    fixed_in_a_row = 0
    for kind in earlier:
        if kind != Contract.Kind.FIXED_TERM:
            break
        fixed_in_a_row += 1
    if fixed_in_a_row >= int(legal_value("contract.open_ended_after_fixed_terms", on=starts_on)):
        return Contract.OpenEndedGround.FIXED_TERMS
    years = int(legal_value("contract.open_ended_after_years", on=starts_on))
    if whole_years_between(employee.hire_date, starts_on) >= years:
        return Contract.OpenEndedGround.YEARS
    return ""


@dataclass(frozen=True)
class Unwritten:
    """An employee past the written-contract month without a signed contract."""

    employee: Employee
    deadline: date  # the last day of the month the law gives (art. 10)
    days_overdue: int
    double_wage_from: date  # art. 82: double wages from the day after the deadline
    double_wage_month: int  # which month of double wages is running now
    double_wage_max: int  # the months art. 82 counts at most
    deemed_open_ended_on: date  # art. 14: after a year without one
    deemed_open_ended: bool


def written_deadline(hire_date: date, months: int) -> date:
    return period_end(hire_date, months)


def contracts_unwritten(*, on: date, warn_days: int = 0) -> list[Unwritten]:
    """Everyone who started more than the written-contract month ago (as the rule read on
    their first day) and still has no signed contract, most overdue first; with
    `warn_days`, also those whose month runs out within that many days.

    Constant queries: the rules are read once, the job title comes in the same query."""
    within = legal_value_reader("contract.written_within_months")
    double_max = legal_value_reader("contract.double_wage_max_months")
    deemed_after = legal_value_reader("contract.deemed_open_ended_after_months")
    required = legal_value_reader("contract.written_required_employment_types")
    now = Assignment.objects.as_of(on).filter(employee=OuterRef("pk"))
    people = (
        Employee.objects.filter(
            # No month is shorter than 28 days: a cheap first cut, exact below.
            hire_date__lte=on + timedelta(days=warn_days - 28),
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
        .exclude(Exists(Contract.objects.filter(employee=OuterRef("pk"), signed_on__isnull=False)))
        .annotate(
            job_title_now=Subquery(now.values("job_title")[:1]),
            employment_type_now=Subquery(now.values("employment_type")[:1]),
            department_now=Subquery(now.values("department__name")[:1]),
        )
        .order_by("hire_date", "number")
    )
    found = []
    for person in people:
        if getattr(person, "employment_type_now", None) not in required(person.hire_date):
            continue
        deadline = written_deadline(person.hire_date, int(within(person.hire_date)))
        if deadline >= on + timedelta(days=warn_days):
            continue
        starts = deadline + timedelta(days=1)
        limit = int(double_max(person.hire_date))
        month = sum(1 for k in range(limit) if months_later(starts, k) <= on)
        deemed_on = period_end(person.hire_date, int(deemed_after(person.hire_date))) + timedelta(
            days=1
        )
        found.append(
            Unwritten(
                employee=person,
                deadline=deadline,
                days_overdue=(on - deadline).days,
                double_wage_from=starts,
                double_wage_month=month,
                double_wage_max=limit,
                deemed_open_ended_on=deemed_on,
                deemed_open_ended=on >= deemed_on,
            )
        )
    return found


def contracts_expiring(*, on: date, within_days: int) -> QuerySet[Contract]:
    """Signed contracts in force whose last day falls within `within_days` from `on`."""
    return (
        Contract.objects.filter(
            status=Contract.Status.ACTIVE,
            ends_on__gte=on,
            ends_on__lte=on + timedelta(days=within_days),
        )
        .select_related("employee")
        .order_by("ends_on", "pk")
    )
