"""The Celery task that recomputes daily results after a change (punches arrived, a
shift, arrangement, leave, overtime or calendar change), and the one call the services
of those changes make to queue it once their transaction commits. Thin: it calls the
service. Registered through employees/tasks.py, which Celery discovers."""

import logging
from collections.abc import Iterable
from datetime import date
from functools import partial

from celery import shared_task
from django.db import transaction

from employees.attendance.recompute import daily_results_recompute
from employees.models import Employee
from employees.task_names import ATTENDANCE_RECOMPUTE

log = logging.getLogger(__name__)


@shared_task(name=ATTENDANCE_RECOMPUTE)
def attendance_recompute_task(
    *, employee_ids: list[int] | None, start: str, end: str, include_locked: bool = False
) -> dict:
    """Idempotent: running it twice writes the same results. No ids: everyone (a
    calendar change)."""
    ids = (
        employee_ids
        if employee_ids is not None
        else list(Employee.objects.values_list("pk", flat=True))
    )
    written = daily_results_recompute(
        employee_ids=ids,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        include_locked=include_locked,
    )
    log.info("attendance_recompute employees=%s written=%s", len(ids), written)
    return {"written": written}


def attendance_recompute_later(
    *,
    employee_ids: Iterable[int] | None,
    start: date,
    end: date,
    include_locked: bool = False,
) -> None:
    """Queue the recompute after the caller's transaction commits (a shift or
    arrangement change, a leave decision, a calendar change: `employee_ids=None`)."""
    transaction.on_commit(
        partial(
            attendance_recompute_task.delay,
            employee_ids=sorted(set(employee_ids)) if employee_ids is not None else None,
            start=start.isoformat(),
            end=end.isoformat(),
            include_locked=include_locked,
        )
    )
