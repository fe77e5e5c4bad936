"""The Celery task that e-mails a locked run's payslips, and the one call that queues it
once the approving transaction commits. Thin: it calls the service. Registered through
employees/tasks.py, which Celery discovers."""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

from employees.pay.payslip_mail import payslips_send
from employees.task_names import PAYSLIPS_SEND

log = logging.getLogger(__name__)


@shared_task(name=PAYSLIPS_SEND)
def payslips_send_task(*, run_id: int) -> dict:
    """Idempotent: a payslip already sent is skipped, and the outbox keys each one."""
    sent = payslips_send(run_id=run_id)
    log.info("payslips_send run=%s queued=%s unreachable=%s", run_id, sent.queued, sent.unreachable)
    return {"queued": sent.queued, "unreachable": sent.unreachable}


def payslips_send_later(run_id: int) -> None:
    """Queue the sending after the caller's transaction commits (the approval)."""
    transaction.on_commit(partial(payslips_send_task.delay, run_id=run_id))
