"""Reads of runs and payslips for the payroll pages, self-service and the API.

Every read goes through the viewer's scope (payroll officers and HR admins see every
run and payslip; anyone else only their own payslips of locked runs) and runs a fixed
number of queries whatever the size of the run.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from employees.models import PayGroup, PayrollRun, Payslip
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.accounts.selectors import user_roles

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=16, decimal_places=2))
# Never read for a payroll list: the employee's encrypted fields.
EMPLOYEE_FIELDS = ("employee__number", "employee__full_name", "employee__preferred_name")
PAYSLIP_ROW_FIELDS = (
    "pk", "run_id", "employee_id", "department_id", "days_paid", "gross", "insurance_employee",
    "housing_fund_employee", "income_tax", "net", "sent_at", "acknowledged_at",
)  # fmt: skip


def is_payroll(user: Any) -> bool:
    """Whether the user runs payroll: a payroll officer or an HR admin."""
    roles = user_roles(user)
    return Role.PAYROLL in roles or Role.HR_ADMIN in roles


def _total(field: str, prefix: str) -> Coalesce:
    return Coalesce(Sum(f"{prefix}{field}"), ZERO)


def _with_totals(runs: QuerySet[PayrollRun]) -> QuerySet[PayrollRun]:
    """Each run with its headcount and totals, in the one query that lists the runs."""
    return runs.annotate(
        headcount=Count("payslips"),
        total_gross=_total("gross", "payslips__"),
        total_net=_total("net", "payslips__"),
        total_tax=_total("income_tax", "payslips__"),
        total_insurance=Coalesce(
            Sum(F("payslips__insurance_employee") + F("payslips__housing_fund_employee")), ZERO
        ),
        # What the month costs the company: gross pay and its own contributions on top.
        total_employer_cost=Coalesce(
            Sum(
                F("payslips__gross")
                + F("payslips__insurance_employer")
                + F("payslips__housing_fund_employer")
            ),
            ZERO,
        ),
    )


def runs_list(*, viewer: User, group_id: int | None = None) -> QuerySet[PayrollRun]:
    runs = scoped(PayrollRun.objects.all(), viewer)
    if group_id is not None:
        runs = runs.filter(pay_group_id=group_id)
    return _with_totals(
        runs.select_related("pay_group", "computed_by", "approved_by").defer("inputs", "rules_used")
    ).order_by("-month", "pay_group__name", "pk")


def run_get(*, viewer: User, pk: int) -> PayrollRun:
    """One run with its totals, or 404 outside the viewer's scope."""
    return get_scoped_or_404(
        _with_totals(
            PayrollRun.objects.select_related("pay_group", "computed_by", "approved_by").defer(
                "inputs"
            )
        ),
        viewer,
        pk=pk,
    )


def pay_groups_for(viewer: User) -> QuerySet[PayGroup]:
    """The groups the viewer may run payroll for (the active ones)."""
    return scoped(PayGroup.objects.filter(active=True), viewer).order_by("name")


def run_payslips(run: PayrollRun) -> QuerySet[Payslip]:
    """The run's payslips for its table, by employee number (a run's rows are all the
    payroll viewer's: the run was found through their scope)."""
    return (
        Payslip.objects.filter(run=run)
        .select_related("employee")
        .only(*PAYSLIP_ROW_FIELDS, *EMPLOYEE_FIELDS)
        .annotate(insurance_total=F("insurance_employee") + F("housing_fund_employee"))
        .order_by("employee__number", "pk")
    )


@dataclass(frozen=True)
class Delivery:
    """How far a locked run's payslips went out: sent, acknowledged, and those whose
    employee has no active account with an e-mail address (never sent)."""

    payslips: int
    sent: int
    acknowledged: int
    unreachable: int


def unreachable_filter(prefix: str = "") -> Q:
    """Payslips whose employee cannot get an e-mail: no account, inactive, no address."""
    user = f"{prefix}employee__user"
    return (
        Q(**{f"{user}__isnull": True})
        | Q(**{f"{user}__is_active": False})
        | Q(**{f"{user}__email": ""})
    )


def run_delivery(run: PayrollRun) -> Delivery:
    counts = Payslip.objects.filter(run=run).aggregate(
        payslips=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        unreachable=Count("pk", filter=unreachable_filter()),
    )
    return Delivery(**counts)


def payslip_for_payroll(*, viewer: User, pk: int) -> Payslip:
    """A payslip for the payroll pages: its run, employee and lines; 404 for anyone who
    does not run payroll (an employee reads their own through self-service)."""
    queryset = Payslip.objects.select_related("run__pay_group", "employee").prefetch_related(
        "lines"
    )
    if not is_payroll(viewer):
        queryset = queryset.none()
    return get_scoped_or_404(
        queryset.defer("run__inputs", *_encrypted("employee__")), viewer, pk=pk
    )


def own_payslips(viewer: User) -> QuerySet[Payslip]:
    """The viewer's own payslips of locked runs, newest month first (HR admins and
    payroll officers too: self-service shows a person only their own)."""
    return (
        Payslip.objects.filter(employee__user_id=viewer.pk, run__status=PayrollRun.Status.LOCKED)
        .select_related("run__pay_group")
        .defer("run__inputs", "run__rules_used")
        .order_by("-run__month", "-pk")
    )


def own_payslip(*, viewer: User, pk: int) -> Payslip:
    """One of the viewer's own payslips of a locked run, with its lines; else 404."""
    return get_scoped_or_404(
        own_payslips(viewer)
        .select_related("employee")
        .defer(*_encrypted("employee__"))
        .prefetch_related("lines"),
        viewer,
        pk=pk,
    )


@dataclass(frozen=True)
class YearToDate:
    year: int
    gross: Decimal
    net: Decimal
    insurance: Decimal  # social insurance and housing fund, the employee's part
    tax: Decimal  # income tax withheld, an annual bonus's included
    taxable_income: Decimal  # as the cumulative withholding counts it


def year_to_date(payslip: Payslip) -> YearToDate:
    """The year at this employer up to this payslip's month: gross and net summed over
    the locked payslips, the rest from the figures the withholding carried (ytd)."""
    month: date = payslip.run.month
    sums = Payslip.objects.filter(
        employee_id=payslip.employee_id,
        run__status=PayrollRun.Status.LOCKED,
        run__month__year=month.year,
        run__month__lte=month,
    ).aggregate(gross=_total("gross", ""), net=_total("net", ""))
    ytd = payslip.ytd or {}
    return YearToDate(
        year=month.year,
        gross=sums["gross"],
        net=sums["net"],
        insurance=Decimal(ytd.get("insurance", "0")),
        tax=Decimal(ytd.get("tax", "0")) + Decimal(ytd.get("bonus_tax", "0")),
        taxable_income=Decimal(ytd.get("income", "0")),
    )


def _encrypted(prefix: str) -> tuple[str, ...]:
    return tuple(
        f"{prefix}{name}"
        for name in ("id_number", "bank_account", "emergency_contacts", "health_notes")
    )
