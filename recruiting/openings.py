"""Recruiting's answer to "which open jobs fill these positions?" (employees.openings)."""

from collections.abc import Collection

from django.urls import reverse

from employees.openings import Opening
from recruiting.models import Job


def open_jobs_by_position(position_ids: Collection[int]) -> dict[int, list[Opening]]:
    """The open jobs naming each of these positions, in one query."""
    found: dict[int, list[Opening]] = {}
    jobs = (
        Job.objects.filter(position_id__in=list(position_ids), status=Job.Status.OPEN)
        .order_by("title", "pk")
        .values_list("pk", "title", "position_id")
    )
    for pk, title, position_id in jobs:
        url = reverse("recruiting:job-board", kwargs={"pk": pk})
        found.setdefault(position_id, []).append(Opening(title=title, url=url))
    return found
