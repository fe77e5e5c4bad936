"""Send a locked run's payslips: each employee an e-mail, in their own language, with the
month, net pay, the lines and the link to the payslip page where they acknowledge it.

Through the outbox (hrflow.notifications), one key per payslip, so a send repeated
(a task delivered twice, a second click) queues nothing twice; `sent_at` records the
queuing. Employees without an active account with an e-mail address are skipped and
counted (the run page shows how many).
"""

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import PayrollRun, Payslip
from employees.pay.explain import lines_shown, money
from employees.pay.notices import PAYSLIP_READY
from employees.pay.selectors import unreachable_filter
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import staff_notify

# Payslips per transaction: a big run commits as it goes, and a task cut short resumes.
BATCH = 200


@dataclass(frozen=True)
class Sent:
    queued: int
    unreachable: int


def payslips_send(*, run_id: int) -> Sent:
    """Queue the e-mail of every payslip of the run not sent yet; refused unless locked."""
    run = PayrollRun.objects.defer("inputs").get(pk=run_id)
    if run.status != PayrollRun.Status.LOCKED:
        raise ApplicationError(_("Only an approved and locked run's payslips are sent."))
    queued = 0
    while True:
        done = _batch_send(run)
        if done == 0:
            break
        queued += done
    unreachable = Payslip.objects.filter(run=run).filter(unreachable_filter()).count()
    return Sent(queued=queued, unreachable=unreachable)


@transaction.atomic
def _batch_send(run: PayrollRun) -> int:
    payslips = list(
        Payslip.objects.filter(run=run, sent_at__isnull=True)
        .exclude(unreachable_filter())
        .select_related("employee__user")
        .prefetch_related("lines")
        # Another worker sending the same run takes the other rows.
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:BATCH]
    )
    for payslip in payslips:
        user = payslip.employee.user
        assert user is not None  # unreachable_filter left out those without an account
        staff_notify(
            people=[user],
            event=PAYSLIP_READY,
            key=f"{PAYSLIP_READY}:{payslip.pk}",
            values=partial(_values, run, payslip),
        )
    Payslip.objects.filter(pk__in=[p.pk for p in payslips]).update(sent_at=timezone.now())
    return len(payslips)


def _values(run: PayrollRun, payslip: Payslip) -> dict[str, Any]:
    """Called in the employee's language (staff_notify)."""
    shown = lines_shown(payslip.lines.all(), region=payslip.region, rules_used=run.rules_used)
    lines = "\n".join(
        f"{line.label}: {money(line.amount)}" for line in shown if line.category != "employer"
    )
    return {
        "employee_name": payslip.employee.shown_name,
        "pay_month": f"{run.month:%Y-%m}",
        "net_pay": money(payslip.net),
        "payslip_lines": lines,
        "payslip_link": settings.HRFLOW_PUBLIC_URL.rstrip("/")
        + reverse("employees:my-payslip", kwargs={"pk": payslip.pk}),
    }
