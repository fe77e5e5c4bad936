"""The demo's steady trickle: new applicants on the careers site, screened by "HR".

Each tick one made-up person applies to an open job through careers_apply, the
very service behind the public apply form (consents, answers to the job's
questions and a PDF resume included), so they are told their application
arrived. Applicants who have waited a little in the first stages are screened
as a recruiter would: most move on, and entering the AI-interview stage
invites them at the job's vendor (the stage-entry handler, as for any move);
some are rejected at resume screening. The vendor simulators complete the
interviews, the results arrive by webhook, the screening rule decides and the
candidate is told: the whole loop, every few minutes, for as long as the demo
runs. Dev-only: `manage.py demo_trickle`, started by `make demo`.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.demo.people import demo_user
from recruiting.demo.questions import demo_answers
from recruiting.demo.resumes import ResumeFacts, resume_file
from recruiting.models import Application, Candidate, CandidateConsent, Job, RejectionReason
from recruiting.models.jobs import StageKind
from recruiting.seeding.people import PersonMaker
from recruiting.seeding.plan import graduating_class
from recruiting.selectors.careers import (
    BoardFilters,
    careers_job_list,
    careers_job_takes_applications,
)
from recruiting.services.applications import application_move, application_reject
from recruiting.services.careers import SOURCE, careers_apply

# Past the seed's serials (a count of candidates), so made-up contacts never repeat.
SERIAL_BASE = 1_000_000
# How long an applicant waits in "applied" and in "resume screening" before HR acts.
SCREENING_WAIT = timedelta(seconds=30)
# Share rejected at resume screening (the rest go on to the AI interview).
SCREENING_REJECT_SHARE = 0.15
# Only the trickle's own applicants are screened, not the seeded history.
RECENT = timedelta(days=1)
SCREENED_PER_TICK = 10


@dataclass(frozen=True)
class Tick:
    applied: Application | None
    advanced: int
    rejected: int


def demo_trickle_tick(*, rng: random.Random, now: datetime | None = None) -> Tick:
    """One applicant arrives; those who waited long enough are screened."""
    now = now or timezone.now()
    applied = demo_applicant_arrive(rng=rng, now=now)
    advanced, rejected = demo_applicants_screen(rng=rng, now=now)
    return Tick(applied, advanced, rejected)


def demo_trickle_jobs() -> list[Job]:
    """Jobs the careers site takes applications for (public channel, deadline not
    passed) whose AI-interview stage is connected to a vendor (the loop can run)."""
    jobs = (
        careers_job_list(filters=BoardFilters())
        .filter(
            stages__kind=StageKind.AI_INTERVIEW,
            stages__vendor_connection__isnull=False,
        )
        .distinct()
        .order_by("pk")
    )
    return [job for job in jobs if careers_job_takes_applications(job)]


def demo_applicant_arrive(*, rng: random.Random, now: datetime) -> Application | None:
    """A made-up person applies on the careers site; their application (None: no job)."""
    jobs = demo_trickle_jobs()
    if not jobs:
        return None
    job = rng.choice(jobs)
    student = job.channel == Job.Channel.CAMPUS
    serial = SERIAL_BASE + (Candidate.objects.aggregate(last=Max("pk"))["last"] or 0)
    person = PersonMaker(rng, class_of=graduating_class(now)).make(serial=serial, student=student)
    chinese = person.language == Candidate.Language.ZH_HANS
    name, data = resume_file(
        ResumeFacts(
            full_name=person.full_name,
            chinese=chinese,
            email=person.email,
            phone=person.phone,
            city=person.city,
            education=person.education,
            company=person.current_company,
            title=person.current_title,
            wanted=job.title,
            department=job.department.code if job.department else "",
            student=student,
        ),
        rng,
    )
    return careers_apply(
        job=job,
        full_name=person.full_name,
        email=person.email,
        phone=person.phone,
        resume_name=name,
        resume_data=data,
        consents=[CandidateConsent.Kind.DATA_PROCESSING, CandidateConsent.Kind.AI_ASSESSMENT],
        language=person.language,
        answers=demo_answers(job=job, chinese=chinese, rng=rng),
    )


def demo_applicants_screen(*, rng: random.Random, now: datetime) -> tuple[int, int]:
    """Move the trickle's applicants who waited on by one stage, or reject a few at
    resume screening; (advanced, rejected)."""
    recruiter = demo_user(Role.RECRUITER)
    reason = RejectionReason.objects.filter(code="not_qualified", is_active=True).first()
    waiting = (
        Application.objects.filter(
            status=Application.Status.ACTIVE,
            source=SOURCE,
            applied_at__gte=now - RECENT,
            stage__kind__in=[StageKind.APPLIED, StageKind.SCREENING],
            stage_entered_at__lte=now - SCREENING_WAIT,
        )
        .select_related("stage")
        .order_by("stage_entered_at")[:SCREENED_PER_TICK]
    )
    advanced = rejected = 0
    for application in waiting:
        screening = application.stage.kind == StageKind.SCREENING
        if screening and reason is not None and rng.random() < SCREENING_REJECT_SHARE:
            application_reject(application=application, reason=reason, actor=recruiter)
            rejected += 1
            continue
        following = (
            application.job.stages.filter(position__gt=application.stage.position)
            .order_by("position")
            .first()
        )
        if following is not None:
            application_move(application=application, to_stage=following, actor=recruiter)
            advanced += 1
    return advanced, rejected
