"""Waking a delivery worker after a commit that queued messages: one wake-up in the queue.

A transaction may queue many messages (a bulk move tells every candidate), and a
burst of transactions more still; each asks for a wake-up after its commit, yet one
queued delivery run sends them all. A mark in Redis says one is queued; the run
clears it as it starts, before it looks for due rows, so a message committed after
that asks for (and gets) a run of its own. A wake-up lost with the broker loses
nothing: the rows are committed and the minute beat's run sends them.
"""

import logging

from celery import current_app
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

DELIVER_DUE_TASK = "notifications.deliver_due"  # hrflow.notifications.tasks, by name: it imports us
WAKE_MARK = "hrflow:notifications:delivery-queued"
# Outlives a lost task only this long; the minute beat covers the gap anyway.
WAKE_MARK_SECONDS = 60


def outbox_wake_after_commit() -> None:
    """Ask a worker to deliver once the messages are committed (due ones go at once)."""
    transaction.on_commit(delivery_wake)


def delivery_wake() -> None:
    try:
        if cache.add(WAKE_MARK, 1, timeout=WAKE_MARK_SECONDS):
            try:
                current_app.send_task(DELIVER_DUE_TASK)
            except Exception:
                cache.delete(WAKE_MARK)  # the next commit tries again
                raise
    except Exception:
        logger.warning("notifications.wake_failed", exc_info=True)


def delivery_wake_clear() -> None:
    """A delivery run starts: a commit from now on needs a run of its own."""
    try:
        cache.delete(WAKE_MARK)
    except Exception:
        logger.warning("notifications.wake_clear_failed", exc_info=True)
