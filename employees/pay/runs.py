"""The monthly run: compute (again, while in review), approve and lock, verify.

A run computes every payslip of a pay group's month from inputs taken at that moment
(employees.pay.inputs) and stores those inputs and the legal rule rows it used with
it. Approval locks it: its payslips are never changed again, and a correction is a
pay item of a later month. `payroll_run_verify` recomputes a run from what it stored
and says whether every figure came out the same.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import PayGroup, PayrollRun, Payslip, PayslipLine
from employees.pay.computed import ComputedPayslip
from employees.pay.inputs import EmployeeMonth, group_month_inputs
from employees.pay.periods import month_first, pay_period
from employees.pay.rulebook import RuleBook
from employees.pay.snapshot import digest_of, inputs_dump, inputs_load
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.pgcopy import ids_reserve, line, lines_copy

# (the group's inputs, the rules) -> payslips; employees.pay.payslip_compute in service.
Computer = Callable[[PayGroup, list[EmployeeMonth], RuleBook], list[ComputedPayslip]]


@transaction.atomic
def payroll_run_compute(
    *, group: PayGroup, month: date, actor: User | None, computer: Computer
) -> PayrollRun:
    """Compute (or compute again) the group's month; refused once it is locked, and
    while an earlier month of the group is still in review (its year-to-date figures,
    which this month's tax builds on, are not final)."""
    month = month_first(month)
    group = PayGroup.objects.select_for_update().get(pk=group.pk)
    run = PayrollRun.objects.filter(pay_group=group, month=month).first()
    if run is not None and run.status == PayrollRun.Status.LOCKED:
        raise ApplicationError(
            _("%(month)s is approved and locked; a correction goes into a later month.")
            % {"month": f"{month:%Y-%m}"}
        )
    earlier = PayrollRun.objects.filter(
        pay_group=group, month__lt=month, status=PayrollRun.Status.COMPUTED
    ).first()
    if earlier is not None:
        raise ApplicationError(
            _("Approve %(month)s first: this month's tax builds on its figures.")
            % {"month": f"{earlier.month:%Y-%m}"}
        )
    period = pay_period(month, group.cut_off_day)
    inputs = group_month_inputs(group, period)
    rules = RuleBook(month)
    payslips = computer(group, inputs, rules)
    used = rules.used()
    now = timezone.now()
    if run is None:
        run = PayrollRun(pay_group=group, month=month)
    run.status = PayrollRun.Status.COMPUTED
    run.computed_at, run.computed_by = now, actor
    run.inputs, run.inputs_digest = inputs_dump(inputs, used)
    run.figures_digest = digest_of([payslip.figures() for payslip in payslips])
    run.rules_used = used
    run.save()
    Payslip.objects.filter(run=run).delete()
    _payslips_write(run, payslips)
    audit_record(
        actor=actor,
        action="employees.payroll_run_compute",
        target=run,
        changes={"payslips": len(payslips), "figures": run.figures_digest},
    )
    return run


@transaction.atomic
def payroll_run_approve(*, run: PayrollRun, actor: User | None) -> PayrollRun:
    """Approve and lock the run: refused if anything it was computed from has changed
    since (compute it again and review that)."""
    run = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if run.status == PayrollRun.Status.LOCKED:
        raise ApplicationError(_("This run is already approved and locked."))
    period = pay_period(run.month, run.pay_group.cut_off_day)
    live = RuleBook(run.month)
    rules = [live.row(row["code"], row["region"]) for row in run.rules_used]
    _stored, digest = inputs_dump(group_month_inputs(run.pay_group, period), rules)
    if digest != run.inputs_digest:
        raise ApplicationError(
            _(
                "Salaries, attendance, pay items or legal rules changed after this run was "
                "computed; "
                "compute it again and review the new figures before approving."
            )
        )
    run.status = PayrollRun.Status.LOCKED
    run.approved_by, run.approved_at = actor, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.payroll_run_approve",
        target=run,
        changes={"figures": run.figures_digest},
    )
    return run


def payroll_run_verify(run: PayrollRun, *, computer: Computer) -> bool:
    """Recompute the run from the inputs and rule rows it stored: True when every
    figure of every payslip is identical."""
    inputs, rules = inputs_load(bytes(run.inputs))
    payslips = computer(run.pay_group, inputs, RuleBook(run.month, stored=rules))
    return digest_of([payslip.figures() for payslip in payslips]) == run.figures_digest


PAYSLIP_FIELDS = [
    "id", "run", "employee", "department_id", "region", "days_paid", "gross", "taxable",
    "insurance_employee", "housing_fund_employee", "income_tax", "net",
    "insurance_employer", "housing_fund_employer", "ytd",
]  # fmt: skip
LINE_FIELDS = ["payslip", "position", "category", "code", "label", "amount", "explanation"]


def _payslips_write(run: PayrollRun, payslips: list[ComputedPayslip]) -> None:
    """COPY: ten thousand payslips and their lines in a second or two."""
    ids = ids_reserve(Payslip, len(payslips))
    lines_copy(
        Payslip,
        PAYSLIP_FIELDS,
        (
            line(
                pk,
                run.pk,
                p.employee_id,
                p.department_id,
                p.region,
                *(getattr(p, name) for name in ComputedPayslip.FIGURES),
                p.ytd,
            )
            for pk, p in zip(ids, payslips, strict=True)
        ),
    )
    lines_copy(
        PayslipLine,
        LINE_FIELDS,
        (
            line(pk, position, item.category, item.code, item.label, item.amount, item.explanation)
            for pk, p in zip(ids, payslips, strict=True)
            for position, item in enumerate(p.lines)
        ),
    )
