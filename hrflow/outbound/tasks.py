"""The webhook push, run by the minute beat; any number may run at once (rows are
claimed with SKIP LOCKED)."""

import logging

from celery import shared_task

from hrflow.outbound.webhooks import webhooks_deliver_due

logger = logging.getLogger(__name__)


@shared_task(name="outbound.webhooks_deliver", ignore_result=True)
def webhooks_deliver_task() -> int:
    delivered = webhooks_deliver_due()
    if delivered:
        logger.info("outbound.webhooks_delivered", extra={"events": delivered})
    return delivered
