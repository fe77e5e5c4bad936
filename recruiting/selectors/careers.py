"""What the public careers site may show: open jobs on public channels, searched and filtered."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from hrflow.org.models import Department, Location
from hrflow.org.selectors import company_current
from recruiting.models import (
    HiringChannel,
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
    # Pays at least this much a month, in thousands of yuan (the range reaches it).
    salary_at_least_k: int | None = None
    education: str = ""
    experience: str = ""


def _public_jobs() -> QuerySet[Job]:
    """Open jobs outside visitors may see: none on an internal channel."""
    # A subquery, not a list: one statement, whatever the page asks of it.
    return Job.objects.open().exclude(channel__in=HiringChannel.objects.internal().values("code"))


def careers_today() -> date:
    """Today where the company is: a job's application deadline ends at its midnight."""
    return timezone.localdate(timezone=company_current().zone)


def careers_job_takes_applications(job: Job, *, today: date | None = None) -> bool:
    """Whether the job's application deadline (if any) has not passed."""
    deadline = job.application_deadline
    return deadline is None or deadline >= (today or careers_today())


def careers_channels() -> list[tuple[str, str]]:
    """The hiring channels a visitor may filter by: the public ones, named in the page language."""
    internal = set(HiringChannel.objects.internal_codes())
    return [(code, str(label)) for code, label in Job.Channel.choices if code not in internal]


def careers_job_list(*, filters: BoardFilters) -> QuerySet[Job]:
    """Open jobs matching the search and filters, newest first."""
    jobs = _public_jobs().select_related("department", "location")
    if filters.q.strip():
        words = filters.q.strip()[:100]
        jobs = jobs.filter(Q(title__icontains=words) | Q(description__icontains=words))
    if filters.department:
        jobs = jobs.filter(department_id=filters.department)
    if filters.location:
        jobs = jobs.filter(location_id=filters.location)
    if filters.channel:
        jobs = jobs.filter(channel=filters.channel)
    if filters.salary_at_least_k:
        # A hidden (negotiable) salary is never compared: that would reveal it.
        jobs = jobs.filter(salary_negotiable=False, salary_max_k__gte=filters.salary_at_least_k)
    if filters.education:
        jobs = jobs.filter(education_required=filters.education)
    if filters.experience:
        jobs = jobs.filter(experience_required=filters.experience)
    # Jobs past their deadline stay readable, after those still taking applications.
    closed_last = Case(
        When(application_deadline__lt=careers_today(), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return jobs.order_by(closed_last, "-opened_at", "-pk")


def careers_departments() -> QuerySet[Department]:
    """Departments with at least one open job (the filter's choices)."""
    return Department.objects.filter(pk__in=_public_jobs().values("department_id")).order_by("name")


def careers_locations() -> QuerySet[Location]:
    return Location.objects.filter(pk__in=_public_jobs().values("location_id")).order_by("name")


def careers_job_get(*, pk: int) -> Job | None:
    """The open public job with this id; None for drafts, held, closed and internal jobs."""
    return _public_jobs().select_related("department", "location").filter(pk=pk).first()


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
