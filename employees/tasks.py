"""Celery tasks of the employees app: thin, each one service for today.

Every task may run twice (beat hiccups, redelivery): the services key their
messages per employee, contract and day, and open each review once.
"""

import logging

from celery import shared_task
from django.utils import timezone

# Registered here, where Celery looks, and called from the attendance services.
from employees.attendance.tasks import attendance_recompute_task  # noqa: F401
from employees.pay.payslip_tasks import payslips_send_task  # noqa: F401
from employees.services.contracts import contracts_expiry_remind, contracts_unwritten_remind
from employees.services.offboarding import leaver_accounts_deactivate
from employees.services.onboarding import onboarding_overdue_remind
from employees.services.probation_reviews import probation_reviews_open
from employees.task_names import (
    CERTIFICATES_EXPIRY_WARN,
    CONTRACTS_EXPIRY_REMIND,
    CONTRACTS_UNWRITTEN_REMIND,
    LEAVER_ACCOUNTS_DEACTIVATE,
    ONBOARDING_OVERDUE_REMIND,
    PROBATION_REVIEWS_OPEN,
)
from employees.training.services import certificates_expiry_warn

log = logging.getLogger(__name__)


@shared_task(name=CONTRACTS_UNWRITTEN_REMIND)
def contracts_unwritten_remind_task() -> dict:
    queued = contracts_unwritten_remind(on=timezone.localdate())
    log.info("contracts_unwritten_remind queued=%s", queued)
    return {"queued": queued}


@shared_task(name=CONTRACTS_EXPIRY_REMIND)
def contracts_expiry_remind_task() -> dict:
    queued = contracts_expiry_remind(on=timezone.localdate())
    log.info("contracts_expiry_remind queued=%s", queued)
    return {"queued": queued}


@shared_task(name=PROBATION_REVIEWS_OPEN)
def probation_reviews_open_task() -> dict:
    opened = probation_reviews_open(on=timezone.localdate())
    log.info("probation_reviews_open opened=%s", opened)
    return {"opened": opened}


@shared_task(name=ONBOARDING_OVERDUE_REMIND)
def onboarding_overdue_remind_task() -> int:
    """Once a day: remind the owners of overdue onboarding tasks (idempotent per task and day)."""
    queued = onboarding_overdue_remind()
    log.info("onboarding reminders queued", extra={"queued": queued})
    return queued


@shared_task(name=CERTIFICATES_EXPIRY_WARN)
def certificates_expiry_warn_task() -> dict:
    """Once a day: warn of certificates lapsing soon (each certificate once, by warned_at)."""
    queued = certificates_expiry_warn(on=timezone.localdate())
    log.info("certificates_expiry_warn queued=%s", queued)
    return {"queued": queued}


@shared_task(name=LEAVER_ACCOUNTS_DEACTIVATE)
def leaver_accounts_deactivate_task() -> dict:
    """At the end of each day: close the accounts of employees whose last day it was."""
    closed = leaver_accounts_deactivate(on=timezone.localdate())
    log.info("leaver_accounts_deactivate closed=%s", closed)
    return {"closed": closed}
