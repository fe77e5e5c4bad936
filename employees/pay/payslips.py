"""Payslip services for the pages and the API: approve a run and send its payslips, and
the employee's acknowledgement that they received theirs.

`payroll_run_approve` (employees.pay.runs) locks a run; the pages and the API approve
through `payroll_run_approve_and_send`, which queues the e-mails once the lock commits,
so no message leaves for a run whose approval rolled back.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import PayrollRun, Payslip
from employees.pay.payslip_tasks import payslips_send_later
from employees.pay.runs import payroll_run_approve
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def payroll_run_approve_and_send(*, run: PayrollRun, actor: User | None) -> PayrollRun:
    """Approve and lock the run (refusals as `payroll_run_approve`), then e-mail every
    employee their payslip after the commit."""
    approved = payroll_run_approve(run=run, actor=actor)
    payslips_send_later(approved.pk)
    return approved


@transaction.atomic
def payslip_acknowledge(*, payslip: Payslip, actor: User) -> Payslip:
    """The employee confirms they received their payslip: recorded once (a second
    acknowledgement keeps the first time) and audited."""
    payslip = (
        Payslip.objects.select_for_update(of=("self",))
        .select_related("run", "employee")
        .get(pk=payslip.pk)
    )
    if payslip.employee.user_id != actor.pk:
        raise ApplicationError(_("Only the employee can acknowledge their payslip."))
    if payslip.run.status != PayrollRun.Status.LOCKED:
        raise ApplicationError(_("This payslip is not final yet."))
    if payslip.acknowledged_at is not None:
        return payslip
    payslip.acknowledged_at = timezone.now()
    payslip.save(update_fields=["acknowledged_at"])
    audit_record(
        actor=actor,
        action="employees.payslip_acknowledge",
        target=payslip,
        changes={"acknowledged_at": [None, payslip.acknowledged_at.isoformat()]},
    )
    return payslip
