"""Housekeeping tasks of the core; each is idempotent and safe to run twice."""

import logging

from celery import Task, shared_task
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from hrflow.core.health import health_probe_store
from hrflow.core.stored_files_sweep import stored_files_sweep

logger = logging.getLogger(__name__)

BEAT_HEARTBEAT_CACHE_KEY = "core:beat-heartbeat"


@shared_task(name="core.beat_heartbeat")
def beat_heartbeat_task() -> str:
    """Store the time beat last got a task through a worker (overwrites: idempotent)."""
    now = timezone.now().isoformat()
    cache.set(BEAT_HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now


@shared_task(name="core.health_probe", bind=True)
def health_probe_task(self: Task) -> str:
    """Check the database and Redis and keep the result for the dashboard (overwrites)."""
    probe = health_probe_store(now=timezone.now(), worker=self.request.hostname or "")
    return str(probe["checked_at"])


@shared_task(name="core.clear_expired_sessions")
def clear_expired_sessions_task() -> int:
    """Delete expired sessions; deleting what is already gone changes nothing."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    logger.info("sessions.cleared", extra={"deleted": deleted})
    return deleted


@shared_task(name="core.stored_files_sweep")
def stored_files_sweep_task() -> int:
    """Delete orphaned file copies; a second run finds nothing more to delete."""
    deleted = stored_files_sweep()
    logger.info("stored_files.swept", extra={"deleted": deleted})
    return deleted


@shared_task(name="core.ping")
def ping_task(token: str) -> str:
    """Echo a token back; used by tests and operators to prove a worker runs tasks."""
    return token
