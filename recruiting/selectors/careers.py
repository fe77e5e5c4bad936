"""What the public careers site may show: open jobs only, searched and filtered."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from hrflow.org.models import Department, Location
from recruiting.models import (
    Job,
    ScreeningQuestion,
    ScreeningRule,
    ScreeningRuleVersion,
    StageKind,
)


@dataclass(frozen=True)
class BoardFilters:
    q: str = ""
    department: int | None = None
    location: int | None = None
    channel: str = ""


def careers_job_list(*, filters: BoardFilters) -> QuerySet[Job]:
    """Open jobs matching the search and filters, newest first."""
    jobs = Job.objects.open().select_related("department", "location")
    if filters.q.strip():
        words = filters.q.strip()[:100]
        jobs = jobs.filter(Q(title__icontains=words) | Q(description__icontains=words))
    if filters.department:
        jobs = jobs.filter(department_id=filters.department)
    if filters.location:
        jobs = jobs.filter(location_id=filters.location)
    if filters.channel:
        jobs = jobs.filter(channel=filters.channel)
    return jobs.order_by("-opened_at", "-pk")


def careers_departments() -> QuerySet[Department]:
    """Departments with at least one open job (the filter's choices)."""
    return Department.objects.filter(pk__in=Job.objects.open().values("department_id")).order_by(
        "name"
    )


def careers_locations() -> QuerySet[Location]:
    return Location.objects.filter(pk__in=Job.objects.open().values("location_id")).order_by("name")


def careers_job_get(*, pk: int) -> Job | None:
    """The open job with this id; None for drafts, held and closed jobs alike."""
    return Job.objects.open().select_related("department", "location").filter(pk=pk).first()


def careers_job_has_ai_interview(job: Job) -> bool:
    """Whether applicants must agree to an AI-assisted assessment for this job."""
    return job.stages.filter(kind=StageKind.AI_INTERVIEW).exists()


def careers_job_rejects_automatically(job: Job) -> bool:
    """Whether a live screening rule of this job may reject without a person's review.

    The applicant's notice must then say so instead of promising a review.
    """
    latest = (
        ScreeningRuleVersion.objects.filter(rule=OuterRef("pk"))
        .order_by("-number")
        .values("auto_reject")[:1]
    )
    return (
        ScreeningRule.objects.filter(job=job, is_active=True)
        .annotate(auto_reject=Subquery(latest))
        .filter(auto_reject=True)
        .exists()
    )


def careers_job_questions(job: Job) -> list[ScreeningQuestion]:
    """The screening questions the apply form asks, in their order."""
    return list(ScreeningQuestion.objects.filter(job=job).active())
