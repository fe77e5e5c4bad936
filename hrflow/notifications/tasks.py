"""Delivery tasks. Each may run any number of times at once: rows are claimed with SKIP LOCKED."""

import logging

from celery import shared_task

from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.requests import message_requests_settle

logger = logging.getLogger(__name__)


@shared_task(name="notifications.deliver_due", ignore_result=True)
def deliver_due_task() -> dict[str, int]:
    """Settle queued message requests, then send what is due now; the minute beat runs it
    too (delayed messages, a lost wake-up)."""
    settled = message_requests_settle()
    tally = deliver_due()
    if tally.total() or settled:
        logger.info("notifications.delivered", extra={**vars(tally), "requests": settled})
    return {**vars(tally), "requests": settled}


def wake_delivery() -> None:
    """Called after a commit that queued messages. A broker outage here loses nothing:
    the rows are committed and the beat's next run sends them."""
    try:
        deliver_due_task.apply_async()
    except Exception:
        logger.warning("notifications.wake_failed", exc_info=True)
