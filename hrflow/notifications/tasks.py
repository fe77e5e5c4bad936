"""Delivery tasks. Each may run any number of times at once: rows are claimed with SKIP LOCKED."""

import logging

from celery import shared_task

from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.requests import message_requests_settle
from hrflow.notifications.wake import delivery_wake_clear

logger = logging.getLogger(__name__)


@shared_task(name="notifications.deliver_due", ignore_result=True)
def deliver_due_task() -> dict[str, int]:
    """Settle queued message requests, then send what is due now; the minute beat runs it
    too (delayed messages, a lost wake-up)."""
    delivery_wake_clear()  # before looking: what commits from now on wakes another run
    settled = message_requests_settle()
    tally = deliver_due()
    if tally.total() or settled:
        logger.info("notifications.delivered", extra={**vars(tally), "requests": settled})
    return {**vars(tally), "requests": settled}
