"""Celery tasks of analytics: thin, each one service."""

import logging

from celery import shared_task
from django.utils import timezone

from analytics.digest import last_week_ending, weekly_digest_send
from analytics.facts.refresh import refresh_run
from analytics.task_names import FACTS_REBUILD, FACTS_REFRESH, WEEKLY_DIGEST

log = logging.getLogger(__name__)


@shared_task(name=FACTS_REFRESH)
def facts_refresh_task() -> dict:
    outcome = refresh_run()
    if outcome is None:
        return {"skipped": "another refresh is running"}
    log.info("analytics refresh buckets=%s seconds=%.1f", outcome.buckets, outcome.seconds)
    return {"buckets": outcome.buckets, "applications": outcome.applications}


@shared_task(name=FACTS_REBUILD)
def facts_rebuild_task() -> dict:
    outcome = refresh_run(full=True)
    if outcome is None:
        return {"skipped": "another refresh is running"}
    return {"buckets": outcome.buckets, "applications": outcome.applications}


@shared_task(name=WEEKLY_DIGEST)
def weekly_digest_send_task() -> dict:
    """The digest of the last full week (Monday to Sunday) before today."""
    week_ending = last_week_ending(timezone.localdate())
    queued = weekly_digest_send(week_ending=week_ending)
    log.info("analytics weekly digest week_ending=%s queued=%s", week_ending, queued)
    return {"week_ending": week_ending.isoformat(), "queued": queued}
