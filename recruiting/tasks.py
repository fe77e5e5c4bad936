"""Celery tasks of recruiting's vendor orchestration: thin wrappers over services.

Arguments are ids only. Transient vendor errors retry with capped exponential
backoff and full jitter; rate limits reschedule by countdown (a worker never
sleeps); exhausted retries become dead letters HR admins can retry.
"""

import logging
from collections.abc import Callable
from typing import Any

from celery import Task, current_app, shared_task
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone

from hrflow.core.errors import ApplicationError
from integrations.errors import TransientError, VendorError
from integrations.models import VendorConnection
from recruiting.resume_reading.services import resume_read
from recruiting.task_names import (
    APPLICATION_INVITE,
    CONNECTION_SYNC,
    FORMER_NAMES,
    LANES_DRAIN,
    RESUME_READ,
    VENDOR_WORK_RESUME,
    WEBHOOK_EVENT_PROCESS,
    WEBHOOK_INBOX_DRAIN,
)
from recruiting.vendors.inbox import webhook_inbox_drain
from recruiting.vendors.invites import application_invite, invite_gave_up
from recruiting.vendors.lanes import lane_task_started, lanes_drain
from recruiting.vendors.retries import MAX_RETRIES, backoff, countdown
from recruiting.vendors.sync import connection_sync, sync_gave_up, vendor_work_resume
from recruiting.vendors.webhooks import webhook_event_process

log = logging.getLogger(__name__)


@shared_task(name=CONNECTION_SYNC, bind=True, max_retries=MAX_RETRIES)
def connection_sync_task(self: Task, connection_id: int, trigger: str = "schedule") -> dict:
    try:
        outcome = connection_sync(connection_id=connection_id, trigger=trigger)
    except VendorConnection.DoesNotExist:
        return {"skipped": "the connection no longer exists"}
    except TransientError as error:
        if self.request.retries >= MAX_RETRIES:
            sync_gave_up(
                connection_id=connection_id,
                error=error.describe(),
                attempts=self.request.retries + 1,
            )
            return {"dead_letter": True}
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
    if outcome.again_in is not None:
        connection_sync_task.apply_async(
            (connection_id, trigger), countdown=countdown(outcome.again_in)
        )
    run = outcome.run
    return {"run": run.pk if run else None, "skipped": outcome.skipped}


@shared_task(name=LANES_DRAIN, bind=True, max_retries=MAX_RETRIES)
def lanes_drain_task(self: Task, connection_id: int, lane: int) -> int:
    """Record a lane's stored batches, then any other lane's that waits for a drainer
    (sent by the sync for lanes without a drainer, and by the beat for stalled ones)."""
    lane_task_started(connection_id=connection_id, lane=lane)
    try:
        return lanes_drain(connection_id=connection_id, first=lane)
    except DatabaseError as error:
        # Nothing is lost meanwhile: the batches stay stored until recorded.
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error


@shared_task(name=VENDOR_WORK_RESUME)
def vendor_work_resume_task() -> int:
    """Beat, every minute: start the syncs that are due and wake the work whose task
    was lost; how many syncs it started."""
    return vendor_work_resume(now=timezone.now())


@shared_task(name=WEBHOOK_INBOX_DRAIN, bind=True, max_retries=MAX_RETRIES)
def webhook_inbox_drain_task(self: Task, connection_id: int, slot: int) -> int:
    """Woken by the webhook endpoint: the connection's waiting events, until none is left
    (a vendor that does not answer is retried by the inbox itself, row by row)."""
    try:
        return webhook_inbox_drain(connection_id=connection_id, slot=slot)
    except (OperationalError, InterfaceError) as error:
        # The database is away: what was claimed waits until the beat reclaims it.
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error


@shared_task(name=WEBHOOK_EVENT_PROCESS, bind=True, max_retries=MAX_RETRIES)
def webhook_event_process_task(self: Task, event_id: int) -> str:
    """One event: HR's "retry" on its dead letter, and the beat's sweep of stalled events."""
    try:
        return webhook_event_process(event_id=event_id)
    except (OperationalError, InterfaceError) as error:
        # The database is away: nothing can be written now; the event stays claimed
        # ("processing") and the beat queues it again once the claim is stale.
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error


@shared_task(name=APPLICATION_INVITE, bind=True, max_retries=MAX_RETRIES)
def application_invite_task(self: Task, application_id: int, stage_id: int) -> int | None:
    try:
        assessment = application_invite(application_id=application_id, stage_id=stage_id)
    except TransientError as error:
        if self.request.retries >= MAX_RETRIES:
            _invite_dead_letter(application_id, stage_id, error)
            return None
        raise self.retry(exc=error, countdown=backoff(self.request.retries)) from error
    except VendorError as error:
        _invite_dead_letter(application_id, stage_id, error)
        return None
    except ApplicationError as error:
        log.warning("no invitation for application %s: %s", application_id, error.message)
        return None
    return assessment.pk if assessment else None


def _invite_dead_letter(application_id: int, stage_id: int, error: VendorError) -> None:
    filed = invite_gave_up(
        application_id=application_id,
        stage_id=stage_id,
        error=error.describe(),
        attempts=MAX_RETRIES + 1,
    )
    if not filed:
        log.warning(
            "invite for application %s failed with no connection: %s", application_id, error
        )


@shared_task(name=RESUME_READ)
def resume_read_task(resume_id: int) -> None:
    """A resume was attached: suggest its fields, score it against its jobs."""
    resume_read(resume_id=resume_id)


def _forward(name: str) -> Callable[..., None]:
    def forward(*args: Any, **kwargs: Any) -> None:
        current_app.send_task(name, args=args, kwargs=kwargs)

    return forward


# A message queued under a former name (before an upgrade) is sent on under the new one.
for _former, _current in FORMER_NAMES.items():
    shared_task(name=_former, ignore_result=True)(_forward(_current))
