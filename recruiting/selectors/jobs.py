"""Job lists and lookups, always scoped to what the viewer may see."""

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from recruiting.models import Application, ApplicationTally, Job, Stage


def job_list(*, viewer: User, status: str = "", channel: str = "", q: str = "") -> QuerySet[Job]:
    jobs = scoped(Job.objects.all(), viewer).select_related("department", "location")
    if status:
        jobs = jobs.filter(status=status)
    if channel:
        jobs = jobs.filter(channel=channel)
    if q.strip():
        jobs = jobs.filter(title__icontains=q.strip())
    return jobs.order_by("-created_at")


def job_get(*, viewer: User, pk: int) -> Job:
    return get_scoped_or_404(Job.objects.select_related("department", "location"), viewer, pk=pk)


def job_stage_counts(jobs: list[Job]) -> dict[int, dict[int, int]]:
    """{job id: {stage id: active applications}} for a page of jobs, in one query (of the
    tallies: a few rows per stage, however many applications)."""
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        ApplicationTally.objects.filter(job__in=jobs, status=Application.Status.ACTIVE)
        .values_list("job_id", "stage_id")
        .annotate(count=Sum("count"))
    )
    for job_id, stage_id, count in rows:
        counts[job_id][stage_id] = count
    return counts


def job_list_rows(jobs: list[Job]) -> list[dict[str, Any]]:
    """Each job with its stages and the active count in each (two queries for any page)."""
    stages_by_job: dict[int, list[Stage]] = defaultdict(list)
    for stage in Stage.objects.filter(job__in=jobs).order_by("job_id", "position"):
        stages_by_job[stage.job_id].append(stage)
    counts = job_stage_counts(jobs)
    rows = []
    for job in jobs:
        stage_counts = [(stage, counts[job.pk].get(stage.pk, 0)) for stage in stages_by_job[job.pk]]
        rows.append(
            {"job": job, "stages": stage_counts, "active": sum(c for _s, c in stage_counts)}
        )
    return rows


def user_can_work_on(user: User, job: Job) -> bool:
    """HR admins and the job's recruiters change its applications; others only read."""
    return job.pk in workable_job_ids(user, [job.pk])


def workable_job_ids(user: User, job_ids: list[int]) -> set[int]:
    """Which of these jobs the user may change, in at most one query for any number."""
    if user.has_role(Role.HR_ADMIN):
        return set(job_ids)
    if not job_ids or not user.has_role(Role.RECRUITER):
        return set()
    return set(Job.objects.filter(pk__in=job_ids, recruiters=user).values_list("pk", flat=True))


def workable_jobs(*, viewer: User) -> QuerySet[Job]:
    """Every job whose applications the viewer may change (workable_job_ids, as a query)."""
    if viewer.has_role(Role.HR_ADMIN):
        return Job.objects.all()
    if not viewer.has_role(Role.RECRUITER):
        return Job.objects.none()
    return Job.objects.filter(recruiters=viewer)


def recruitable_jobs(*, viewer: User) -> QuerySet[Job]:
    """Open jobs the viewer may add candidates to (recall from the pool, ...)."""
    jobs = scoped(Job.objects.open(), viewer)
    if not viewer.has_role(Role.HR_ADMIN):
        jobs = jobs.filter(recruiters=viewer)
    return jobs.order_by("title")


def recruiting_summary(*, viewer: User) -> dict[str, int]:
    """Counts for the dashboard: open jobs, active applications, new this week, in the pool.

    Active and pool come from the tallies; "new" counts a week of the applied_at index.
    """
    jobs = scoped(Job.objects.all(), viewer)
    tallies = ApplicationTally.objects.filter(job__in=jobs).aggregate(
        active=Coalesce(Sum("count", filter=Q(status=Application.Status.ACTIVE)), 0),
        pool=Coalesce(Sum("count", filter=Q(pooled=True)), 0),
    )
    week_ago = timezone.now() - timedelta(days=7)
    new = scoped(Application.objects.filter(applied_at__gte=week_ago), viewer).count()
    return {
        "open_jobs": scoped(Job.objects.open(), viewer).count(),
        "active": tallies["active"],
        "new": new,
        "pool": tallies["pool"],
    }
