"""Fill the database with realistic recruiting data, fast: `python manage.py seed`.

Steps: make sure the demo organisation exists; plan J jobs on the two seeded
pipeline templates (stages copied, as job_create does); draw candidates and
their applications; walk each application through its pipeline (funnel.py);
optionally add last year's hiring drive, closed jobs with finished
applications (drive.py); give some jobs a screening rule whose versions judged
the AI results of their time (screening.py); then write everything with COPY
(writer.py), with the offers of those who reached the offer stage (offers.py),
the survey answers where a survey was due (surveys.py) and the candidates'
voluntary self-identification (identities.py), and fill the candidates' search
documents with one UPDATE.

The history has a "before hrflow" baseline: its earliest 35 % of applications,
handled the old way (plan.go_live_at decides it, and says what differs).

The write services are bypassed on purpose: a call per row would take the
better part of an hour for 100,000 applications, and their audit rows would
record a history nobody made. What the services guarantee is kept here:

- one application per (candidate, job), starting in the job's first stage,
  whose kind is "applied";
- one transition per stage entered, from applied_at on, times increasing and
  none after `now`; a rejection or withdrawal adds a last transition within
  the same stage (with the reason) and sets archived_at, which puts the
  application in the talent pool; the last transition's stage is the
  application's stage, and stage_entered_at is when that stage was entered;
- scores lie within 0-100, and Application.ai_score, written_test_score and
  resume_match_score equal the overall score of the matching completed
  assessment;
- every hired application has an accepted offer, and only applications that
  reached the offer stage have one; a survey answer exists only where
  survey_is_due; a screening decision's outcome is what happened, and the
  transition a rule made carries its rule_label;
- search_vector holds the document candidate_refresh_search would build.

The same seed, `now` and database give the same rows. It all happens in one
transaction: the seed lands whole or not at all.
"""

import random
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from hrflow.accounts.demo import DEMO_ACCOUNTS
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Dimension
from hrflow.core.pgcopy import bulk_load_locking_tables
from hrflow.org.demo import demo_org_ensure
from hrflow.org.models import Department, Location
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    Job,
    Offer,
    PipelineTemplate,
    RejectionReason,
    ScreeningDecision,
    SelfIdentification,
    StageKind,
    StageTransition,
    SurveyResponse,
)
from recruiting.seeding.drive import drive_plan
from recruiting.seeding.plan import Context, Plan, Progress, applications_plan, jobs_plan
from recruiting.seeding.screening import screening_plan
from recruiting.seeding.writer import plan_write

CHANNEL_TEMPLATES: dict[str, str] = {
    Job.Channel.CAMPUS: "校园招聘 Campus",
    Job.Channel.EXPERIENCED: "社会招聘 Experienced hire",
}
# The big tables, written with COPY.
LOADED = (
    Candidate,
    Application,
    StageTransition,
    Assessment,
    AssessmentDimensionScore,
    Offer,
    SurveyResponse,
    SelfIdentification,
    ScreeningDecision,
)


class SeedError(Exception):
    """The seed cannot run here; the message says why and what to do."""


@dataclass(frozen=True)
class SeedSummary:
    rows: dict[str, int]
    seconds: float


def seed_database(
    *,
    applications: int,
    now: datetime,
    jobs: int = 20,
    seed: int = 1,
    force: bool = False,
    progress: Progress | None = None,
    drive: int = 0,
    waiting_offers: bool = True,
) -> SeedSummary:
    """Seed `jobs` jobs holding `applications` applications, and `drive` applications of
    last year's hiring drive at the plant (drive.py); refuse a database with data.

    Without `waiting_offers`, those at the offer stage have no offer yet: the demo's
    stories send theirs through the services (recruiting.demo.stories)."""
    if applications < 0 or jobs < 1:
        raise SeedError("Give zero or more applications and at least one job.")
    if timezone.is_naive(now):
        raise SeedError("`now` must be an aware datetime.")
    started = time.monotonic()
    report = progress or (lambda phase, done, total: None)
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    with transaction.atomic():
        _refuse_unless_empty(force=force)
        demo_org_ensure()
        context = _context_load()
        plan = Plan(jobs=jobs_plan(rng, context, count=jobs, now=now))
        applications_plan(rng, plan, total=applications, now=now, report=report)
        # Its own stream: the recent history stays the same with or without the drive.
        drive_rng = random.Random(f"{seed}-drive")  # noqa: S311 - made-up data
        drive_plan(drive_rng, context, plan, applications=drive, now=now)
        screening_rng = random.Random(f"{seed}-screening")  # noqa: S311 - made-up data
        screening = screening_plan(screening_rng, plan, now=now)
        # Into empty tables, build indexes and check keys once at the end.
        fresh = not any(model.objects.exists() for model in LOADED)
        with bulk_load_locking_tables(LOADED) if fresh else nullcontext():
            rows = plan_write(
                plan,
                context,
                screening=screening,
                seed=seed,
                now=now,
                report=report,
                waiting_offers=waiting_offers,
            )
            report("indexes and keys", 0, 1)
        report("indexes and keys", 1, 1)
    # Fresh statistics, so the first queries on the new rows are planned well.
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in LOADED)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return SeedSummary(rows=rows, seconds=time.monotonic() - started)


def _refuse_unless_empty(*, force: bool) -> None:
    """Fake people must not mix with real ones: any candidate or job means stop."""
    candidates, jobs = Candidate.objects.count(), Job.objects.count()
    if (candidates or jobs) and not force:
        raise SeedError(
            f"This database already holds {candidates} candidates and {jobs} jobs, and the seed "
            "would mix made-up people in with them. Seed an empty database, or pass --force "
            "to add to what is there."
        )


def _context_load() -> Context:
    templates: dict[str, list[tuple[str, str]]] = {}
    for channel, name in CHANNEL_TEMPLATES.items():
        template = PipelineTemplate.objects.filter(name=name).first()
        stages = (
            list(template.stages.order_by("position").values_list("name", "kind"))
            if template
            else []
        )
        if not stages or stages[0][1] != StageKind.APPLIED:
            raise SeedError(
                f"The pipeline template {name!r} is missing or does not start with an "
                "'applied' stage; run `manage.py migrate` to install it."
            )
        templates[channel] = stages
    reasons = dict(RejectionReason.objects.filter(is_active=True).values_list("code", "pk"))
    if not reasons:
        raise SeedError("No active rejection reason; run `manage.py migrate` to install them.")
    return Context(
        departments=dict(Department.objects.values_list("code", "pk")),
        locations=dict(Location.objects.values_list("code", "pk")),
        templates=templates,
        reasons=reasons,
        dimensions=dict(Dimension.objects.values_list("code", "pk")),
        recruiter_id=_demo_user_id(Role.RECRUITER),
        manager_id=_demo_user_id(Role.HIRING_MANAGER),
    )


def _demo_user_id(role: Role) -> int | None:
    """The demo account (hrflow.accounts.demo) holding `role`, when it was created."""
    for account in DEMO_ACCOUNTS:
        if role in account.roles:
            users = User.objects.filter(email__iexact=account.email)
            return users.values_list("pk", flat=True).first()
    return None
