"""Last year's hiring drive at the plant: closed jobs and their finished applications.

The seed's recent history (plan.py) covers the last few months, so its hires start
about now and no review period has passed since. The drive is the older cohort:
plant jobs that opened about fifteen months ago and closed about eight and a half
months ago, whose applicants went through the same funnel (funnel.py), AI
interview included. Whoever was still waiting when a job closed was turned down
because the positions were filled. The hires therefore joined before the last
closed half-year began, and the employee seed can seat them with a full review
period behind them.

Drawn from its own random stream after the recent history, so adding the drive
leaves the recent applications, candidates and hires exactly as they were. It was
all before hrflow went live (plan.go_live_at): its stages took the baseline's
longer time, and its AI interview results were typed in by HR. Its jobs are where
the deliberate adverse impact at the first interview shows (plan.ADVERSE_AGE_BANDS).
"""

import random
from datetime import datetime, timedelta
from itertools import accumulate

from hrflow.core.pgcopy import ids_reserve
from recruiting.models import Application, Candidate, Job, Stage
from recruiting.seeding import vocabulary as words
from recruiting.seeding.funnel import DAY_SECONDS, journey_make, stage_rules
from recruiting.seeding.identities import IdentityDraw
from recruiting.seeding.people import PersonMaker
from recruiting.seeding.plan import (
    BASELINE_PACE,
    POSITION_FILLED,
    ApplicationPlan,
    Context,
    JobPlan,
    Plan,
    adverse_penalty,
    graduating_class,
    hires_cap,
)

# (department code, location code, title, headcount): the plant's front-line seats,
# for a drive of up to SEATS_FOR applications; a bigger drive hires proportionally more.
DRIVE_OPENINGS: tuple[tuple[str, str, str, int], ...] = (
    ("plant-sz", "sz-plant", "生产操作工", 70),
    ("plant-sz", "sz-plant", "质检员", 25),
    ("plant-sz", "sz-plant", "设备技术员", 15),
)
SEATS_FOR = 3300
DRIVE_OPENED_DAYS_AGO = 460
# Late enough that the last hire starts (at most a month after the offer) before
# the last closed half-year, which begins at most seven months before today.
DRIVE_CLOSED_DAYS_AGO = 255
# Applications stop a month before the job closes, so the last ones are decided.
LAST_APPLICATION_DAYS_BEFORE_CLOSE = 30


def drive_plan(
    rng: random.Random, context: Context, plan: Plan, *, applications: int, now: datetime
) -> None:
    """Add the drive's closed jobs and `applications` finished applications to `plan`."""
    if applications <= 0:
        return
    closed_at = now - timedelta(days=DRIVE_CLOSED_DAYS_AGO)
    jobs = _drive_jobs(rng, context, now, closed_at, scale=max(1.0, applications / SEATS_FOR))
    plan.jobs.extend(jobs)
    sources = [name for name, _weight in words.EXPERIENCED_SOURCES]
    cum_weights = list(accumulate(weight for _name, weight in words.EXPERIENCED_SOURCES))
    weights = [headcount for *_rest, headcount in DRIVE_OPENINGS]
    maker = PersonMaker(rng, class_of=graduating_class(now))
    serial_base = Candidate.objects.count() + len(plan.people)
    rules = {job.pk: stage_rules([kind for _name, kind in job.stages]) for job in jobs}
    identities = IdentityDraw(rng)
    for number in range(applications):
        job = rng.choices(jobs, weights=weights)[0]
        last = closed_at - timedelta(days=LAST_APPLICATION_DAYS_BEFORE_CLOSE)
        span = (last - job.opened_at).total_seconds()
        applied_at = job.opened_at + timedelta(seconds=int(span * rng.random()))
        identity = identities.identity(student=False)
        journey = journey_make(
            rng,
            rules=rules[job.pk],
            applied_at=applied_at,
            now=closed_at,
            dimension_count=len(job.dimension_ids),
            pace=BASELINE_PACE,
            penalty=adverse_penalty(job, identity),
        )
        journey.ai_manual = journey.ai is not None  # before hrflow: typed in by HR
        if journey.status == Application.Status.ACTIVE:
            journey.status, journey.ended_at = Application.Status.REJECTED, closed_at
            journey.reason_code = POSITION_FILLED
        # One application each: a drive's applicants apply to the one job they saw.
        plan.applications.append(
            ApplicationPlan(
                job,
                len(plan.people),
                rng.choices(sources, cum_weights=cum_weights)[0],
                journey,
            )
        )
        plan.people.append(maker.make(serial=serial_base + number, student=False))
        plan.people_since.append(applied_at)
        plan.identities.append(identity)
    hires_cap(plan)


def _drive_jobs(
    rng: random.Random, context: Context, now: datetime, closed_at: datetime, *, scale: float
) -> list[JobPlan]:
    stages = context.templates[Job.Channel.EXPERIENCED]
    opened_at = now - timedelta(days=DRIVE_OPENED_DAYS_AGO)
    jobs = []
    for pk, (department, location, title, headcount) in zip(
        ids_reserve(Job, len(DRIVE_OPENINGS)), DRIVE_OPENINGS, strict=True
    ):
        # Safety awareness is asked of everyone on the line: it is what the plant's
        # reviews hold them to later.
        others = [code for code in words.PLANT_DIMENSIONS if code != "safety_awareness"]
        codes = ["job_fit", "safety_awareness", *rng.sample(others, rng.randint(2, 3))]
        jobs.append(
            JobPlan(
                pk=pk,
                title=title,
                department_id=context.departments[department],
                location_id=context.locations.get(location),
                channel=Job.Channel.EXPERIENCED,
                employment_type=Job.EmploymentType.FULL_TIME,
                headcount=round(headcount * scale),
                opened_at=opened_at + timedelta(seconds=int(rng.random() * 5 * DAY_SECONDS)),
                stage_ids=[],
                stages=stages,
                dimension_ids=[context.dimensions[c] for c in codes if c in context.dimensions],
                with_manager=False,
                closed_at=closed_at,
                adverse=True,
            )
        )
    stage_ids = iter(ids_reserve(Stage, sum(len(job.stages) for job in jobs)))
    for job in jobs:
        job.stage_ids = [next(stage_ids) for _stage in job.stages]
    return jobs
