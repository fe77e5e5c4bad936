"""Celery tasks of analytics: thin, each one service."""

import logging

from celery import shared_task

from analytics.facts.refresh import refresh_run
from analytics.task_names import FACTS_REBUILD, FACTS_REFRESH

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
