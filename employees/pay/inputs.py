"""Everything a month's run reads, for a whole pay group, in a fixed number of queries.

Inputs are taken as they stand at the moment of computing, for the month and the
attendance period its cut-off closes (employees.pay.periods). The run keeps a digest
of them: recomputing a locked month from the same inputs must give the same figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q

from employees.leave.selectors import leave_minutes_by_day
from employees.models import (
    Assignment,
    DailyResult,
    Employee,
    OvertimeRequest,
    PayGroup,
    PayItem,
    PayrollRun,
    Payslip,
    SalaryItem,
    SalaryRecord,
    TaxDeduction,
    TaxYear,
)
from employees.models.attendance import Compensation, RequestStatus
from employees.models.worktime import DayKind
from employees.pay.periods import PayPeriod, month_first, previous_month
from employees.worktime.calendar import day_kinds_by_region


@dataclass
class SalarySpan:
    """A salary record's part of the month (days inclusive, within employment)."""

    start: date
    end: date
    base_monthly: Decimal
    insurance_base: Decimal | None
    local_hukou: bool
    tax_resident: bool
    # Component code -> the record's amount (or rate per day or hour).
    amounts: dict[str, Decimal]
    workdays: int = 0  # legal working days in the span


@dataclass(frozen=True)
class OneOff:
    pk: int
    kind: str
    amount: Decimal
    taxable: bool
    bonus_tax: str
    note: str


@dataclass
class EmployeeMonth:
    employee_id: int
    hire_date: date
    left_on: date | None
    department_id: int | None = None
    region: str = ""
    spans: list[SalarySpan] = field(default_factory=list)
    # Legal working days in the calendar month, and those while employed.
    workdays_in_month: int = 0
    workdays_employed: int = 0
    # Attendance in the period the cut-off closes.
    unpaid_leave_minutes: int = 0
    absent_minutes: int = 0
    overtime_minutes: dict[Decimal, int] = field(default_factory=dict)  # pay rate -> minutes
    one_offs: list[OneOff] = field(default_factory=list)
    # Special additional deductions declared for January to this month: a declaration
    # made late still counts from its first month (the cumulative method catches up).
    special_deductions_ytd: Decimal = Decimal(0)
    first_job_this_year: bool = False
    # HR's decision; None: worked out from last year's locked payslips here.
    prior_year_low_income: bool | None = None
    prior_year_months: int = 0  # months of last year with a locked payslip here
    prior_year_income: Decimal = Decimal(0)  # last year's taxable income here
    # Year to date before this month, at this employer (the last locked payslip's).
    ytd: dict[str, str] = field(default_factory=dict)


def group_month_inputs(group: PayGroup, period: PayPeriod) -> list[EmployeeMonth]:
    """The employees the group pays for the month, with all they are paid from."""
    month, month_end = period.month, period.month_end
    records = list(
        SalaryRecord.objects.filter(valid_from__lte=month_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=month))
        .filter(
            employee__hire_date__lte=month_end,
        )
        .filter(Q(employee__left_on__isnull=True) | Q(employee__left_on__gte=month))
        .order_by("employee_id", "valid_from")
    )
    by_employee: dict[int, list[SalaryRecord]] = defaultdict(list)
    for record in records:
        by_employee[record.employee_id].append(record)
    employees = {
        pk: (hire, left)
        for pk, hire, left in Employee.objects.filter(pk__in=list(by_employee)).values_list(
            "pk", "hire_date", "left_on"
        )
    }
    # Paid by the group whose record is in force on the last day employed in the month.
    months: dict[int, EmployeeMonth] = {}
    for pk, rows in by_employee.items():
        hire, left = employees[pk]
        last_day = min(month_end, left) if left else month_end
        in_force = [r for r in rows if r.valid_from <= last_day]
        if in_force and in_force[-1].pay_group_id == group.pk:
            months[pk] = EmployeeMonth(employee_id=pk, hire_date=hire, left_on=left)
    if not months:
        return []
    ids = sorted(months)
    amounts = _salary_amounts([r.pk for pk in ids for r in by_employee[pk]])
    for pk in ids:
        _spans_fill(months[pk], by_employee[pk], amounts, month, month_end)
    _placement_fill(months, period)
    _calendar_fill(months, period)
    _attendance_fill(months, period)
    _one_offs_fill(months, month)
    _tax_fill(months, month)
    return [months[pk] for pk in ids]


def _salary_amounts(record_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = SalaryItem.objects.filter(record_id__in=record_ids).values_list(
        "record_id", "component__code", "amount"
    )
    for record_id, code, amount in rows:
        found[record_id][code] = amount
    return found


def _spans_fill(
    month_row: EmployeeMonth,
    records: list[SalaryRecord],
    amounts: dict[int, dict[str, Decimal]],
    month: date,
    month_end: date,
) -> None:
    employed_from = max(month, month_row.hire_date)
    employed_to = min(month_end, month_row.left_on) if month_row.left_on else month_end
    for record in records:
        start = max(employed_from, record.valid_from)
        end = employed_to
        if record.valid_to is not None:
            end = min(end, record.valid_to - timedelta(days=1))
        if start > end:
            continue
        month_row.spans.append(
            SalarySpan(
                start=start,
                end=end,
                base_monthly=record.base_monthly,
                insurance_base=record.insurance_base,
                local_hukou=record.local_hukou,
                tax_resident=record.tax_resident,
                amounts=dict(amounts.get(record.pk, {})),
            )
        )


def _placement_fill(months: dict[int, EmployeeMonth], period: PayPeriod) -> None:
    """Department and rules region on the last day employed in the month, from one
    query for the month's job records."""
    rows = (
        Assignment.objects.filter(employee_id__in=list(months), valid_from__lte=period.month_end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.month))
        .order_by("employee_id", "valid_from")
        .values_list("employee_id", "valid_from", "valid_to", "department_id", "location__region")
    )
    for employee_id, valid_from, valid_to, department_id, region in rows:
        row = months[employee_id]
        last = min(period.month_end, row.left_on) if row.left_on else period.month_end
        if valid_from <= last and (valid_to is None or valid_to > last):
            row.department_id, row.region = department_id, region or ""


def _calendar_fill(months: dict[int, EmployeeMonth], period: PayPeriod) -> None:
    kinds = day_kinds_by_region(
        period.month, period.month_end, regions={row.region for row in months.values()}
    )
    for row in months.values():
        workdays = [day for day, kind in kinds[row.region].items() if kind == DayKind.WORKDAY]
        row.workdays_in_month = len(workdays)
        for span in row.spans:
            span.workdays = sum(1 for day in workdays if span.start <= day <= span.end)
        row.workdays_employed = sum(span.workdays for span in row.spans)


def _attendance_fill(months: dict[int, EmployeeMonth], period: PayPeriod) -> None:
    ids = list(months)
    start, end = period.attendance_start, period.attendance_end
    for (employee_id, _day), leaves in leave_minutes_by_day(ids, start, end).items():
        months[employee_id].unpaid_leave_minutes += sum(
            int(leave.minutes * (1 - leave.paid_rate)) for leave in leaves
        )
    absent = DailyResult.objects.filter(
        employee_id__in=ids, day__gte=start, day__lte=end, absent_minutes__gt=0
    ).values_list("employee_id", "absent_minutes")
    for employee_id, minutes in absent:
        months[employee_id].absent_minutes += minutes
    overtime = OvertimeRequest.objects.filter(
        employee_id__in=ids,
        day__gte=start,
        day__lte=end,
        status=RequestStatus.APPROVED,
        compensation=Compensation.PAY,
    ).values_list("employee_id", "rate", "minutes")
    for employee_id, rate, minutes in overtime:
        by_rate = months[employee_id].overtime_minutes
        by_rate[rate] = by_rate.get(rate, 0) + minutes


def _one_offs_fill(months: dict[int, EmployeeMonth], month: date) -> None:
    rows = PayItem.objects.filter(employee_id__in=list(months), month=month).order_by("pk")
    for item in rows:
        months[item.employee_id].one_offs.append(
            OneOff(item.pk, item.kind, item.amount, item.taxable, item.bonus_tax, item.note)
        )


def _tax_fill(months: dict[int, EmployeeMonth], month: date) -> None:
    ids = list(months)
    january = date(month.year, 1, 1)
    declared = TaxDeduction.objects.filter(employee_id__in=ids, valid_from__lte=month).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=january)
    )
    rows = declared.values_list("employee_id", "monthly_amount", "valid_from", "valid_to")
    for employee_id, amount, valid_from, valid_to in rows:
        first = max(month_first(valid_from), january)
        # valid_to is exclusive (a month's first day): the month before it is the last.
        last = month if valid_to is None else min(month, previous_month(month_first(valid_to)))
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        if count > 0:
            months[employee_id].special_deductions_ytd += amount * count
    flags = TaxYear.objects.filter(employee_id__in=ids, year=month.year).values_list(
        "employee_id", "first_job_this_year", "prior_year_low_income"
    )
    for employee_id, first_job, low_income in flags:
        months[employee_id].first_job_this_year = first_job
        months[employee_id].prior_year_low_income = low_income
    _prior_year_fill(months, month.year - 1)
    # The last locked payslip of the tax year before this month, whichever group paid it.
    earlier = (
        Payslip.objects.filter(
            employee_id__in=ids,
            run__status=PayrollRun.Status.LOCKED,
            run__month__gte=date(month.year, 1, 1),
            run__month__lt=month_first(month),
        )
        .order_by("employee_id", "-run__month")
        .distinct("employee_id")
        .values_list("employee_id", "ytd")
    )
    for employee_id, ytd in earlier:
        months[employee_id].ytd = dict(ytd)


def _prior_year_fill(months: dict[int, EmployeeMonth], year: int) -> None:
    """Last year here: the months with a locked payslip and the taxable income, for the
    prior-year low-income rule (STA Announcement 2020 No. 19)."""
    locked = Payslip.objects.filter(
        employee_id__in=list(months),
        run__status=PayrollRun.Status.LOCKED,
        run__month__year=year,
    )
    counted = locked.values("employee_id").annotate(n=Count("run__month", distinct=True))
    for row in counted:
        months[row["employee_id"]].prior_year_months = row["n"]
    last = (
        locked.order_by("employee_id", "-run__month")
        .distinct("employee_id")
        .values_list("employee_id", "ytd")
    )
    for employee_id, ytd in last:
        months[employee_id].prior_year_income = Decimal(ytd.get("income", "0"))
