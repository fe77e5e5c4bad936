"""The seed's plan: which jobs, who applies where, and how far each application got.

Drawn in memory from one random stream, in a fixed order, so a seed and a
`now` give the same plan; primary keys come from the sequences up front so
the writer can link rows before any is written.
"""

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from hrflow.core.pgcopy import ids_reserve
from recruiting.models import Application, Candidate, Job, Stage, StageKind
from recruiting.seeding import vocabulary as words
from recruiting.seeding.funnel import DAY_SECONDS, Journey, journey_make, stage_rules
from recruiting.seeding.identities import Identity, IdentityDraw
from recruiting.seeding.people import Person, PersonMaker

# (phase, done, total)
Progress = Callable[[str, int, int], None]

# Jobs of these departments get the demo hiring manager, so scoping shows.
MANAGER_DEPARTMENTS = frozenset({"tech", "backend", "frontend", "qa"})
HISTORY_DAYS = 120
# Share of applications made by someone who had not applied before.
NEW_CANDIDATE_SHARE = 0.8
LARGEST_JOB_SHARE = 0.1
POSITION_FILLED = "position_filled"
# Seats per job, (fewest, most): campus jobs hire a class, others one or a few.
HEADCOUNTS: dict[str, tuple[int, int]] = {
    Job.Channel.CAMPUS: (5, 30),
    Job.Channel.EXPERIENCED: (1, 3),
}
# Before hrflow went live (go_live_at): the earliest 35 % of the recent history's
# applications, whose every stage took 35 % longer; after it, one AI result in twenty
# was still typed in by hand.
BASELINE_SHARE = 0.35
BASELINE_PACE = 1.35
MANUAL_AFTER_GO_LIVE = 0.05
# The deliberate adverse impact the fairness report should flag, kept mild: in the
# plant's experienced-hire jobs (JobPlan.adverse, and last year's drive), applicants
# aged 45 and over are rejected at the first interview 15 points more often than the
# others (about 0.7 of their selection rate there, under the four-fifths rule's 0.8).
# Nothing else about them differs: their resumes, AI interviews and later stages
# are drawn as everyone's, so the report finds the gap at that stage alone.
ADVERSE_AGE_BANDS = frozenset({"45_54", "55_plus"})
ADVERSE_REJECTION = 0.15


@dataclass
class Context:
    """Reference rows the seed points at, loaded once."""

    departments: dict[str, int]
    locations: dict[str, int]
    templates: dict[str, list[tuple[str, str]]]  # channel -> [(stage name, kind)]
    reasons: dict[str, int]  # code -> id
    dimensions: dict[str, int]  # code -> id
    recruiter_id: int | None
    manager_id: int | None


@dataclass(slots=True)
class JobPlan:
    pk: int
    title: str
    department_id: int
    location_id: int | None
    channel: str
    employment_type: str
    headcount: int
    opened_at: datetime
    stage_ids: list[int]
    stages: list[tuple[str, str]]
    dimension_ids: list[int]
    with_manager: bool
    closed_at: datetime | None = None  # a closed job (drive.py), status closed
    adverse: bool = False  # where ADVERSE_AGE_BANDS meet the adverse impact


@dataclass(slots=True)
class ApplicationPlan:
    job: JobPlan
    candidate: int  # index into Plan.people
    source: str
    journey: Journey


@dataclass
class Plan:
    jobs: list[JobPlan]
    applications: list[ApplicationPlan] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    people_since: list[datetime] = field(default_factory=list)
    # Each candidate's self-identification (given or not), by index as people.
    identities: list[Identity] = field(default_factory=list)
    go_live: datetime | None = None  # go_live_at


def adverse_penalty(job: JobPlan, identity: Identity) -> tuple[int, float] | None:
    """(first interview stage, added rejection chance) where the adverse impact applies."""
    if not job.adverse or identity.age_band not in ADVERSE_AGE_BANDS:
        return None
    kinds = [kind for _name, kind in job.stages]
    if StageKind.INTERVIEW not in kinds:
        return None
    return kinds.index(StageKind.INTERVIEW), ADVERSE_REJECTION


def graduating_class(now: datetime) -> int:
    """Campus hiring in the autumn is for next summer's graduates."""
    return now.year + 1 if now.month >= 7 else now.year


def jobs_plan(rng: random.Random, context: Context, *, count: int, now: datetime) -> list[JobPlan]:
    class_of = graduating_class(now)
    plans = []
    for index, pk in enumerate(ids_reserve(Job, count)):
        department, location, title, channel, employment, plant = words.JOB_OPENINGS[
            index % len(words.JOB_OPENINGS)
        ]
        if channel == Job.Channel.CAMPUS:
            title = f"{class_of}届校招 · {title}"
        if index >= len(words.JOB_OPENINGS):
            title = f"{title} ({index // len(words.JOB_OPENINGS) + 1})"
        family = words.PLANT_DIMENSIONS if plant else words.OFFICE_DIMENSIONS
        codes = ["job_fit", *rng.sample(family, rng.randint(3, 5))]
        open_days = HISTORY_DAYS + 5 if index == 0 else rng.uniform(40, HISTORY_DAYS + 5)
        plans.append(
            JobPlan(
                pk=pk,
                title=title,
                department_id=context.departments[department],
                location_id=context.locations.get(location),
                channel=channel,
                employment_type=employment,
                headcount=rng.randint(*HEADCOUNTS[channel]),
                opened_at=now - timedelta(seconds=int(open_days * DAY_SECONDS)),
                stage_ids=[],
                stages=context.templates[channel],
                dimension_ids=[context.dimensions[c] for c in codes if c in context.dimensions],
                with_manager=department in MANAGER_DEPARTMENTS,
                adverse=plant and channel == Job.Channel.EXPERIENCED,
            )
        )
    stage_ids = iter(ids_reserve(Stage, sum(len(plan.stages) for plan in plans)))
    for plan in plans:
        plan.stage_ids = [next(stage_ids) for _stage in plan.stages]
    return plans


def job_sizes(total: int, jobs: int) -> list[int]:
    """Applications per job: the first holds a tenth (at least an even share), the rest
    fewer and fewer, none more than the first; the sizes add up to `total`."""
    if jobs == 1:
        return [total]
    largest = max(int(total * LARGEST_JOB_SHARE), math.ceil(total / jobs))
    largest = min(largest, total)
    weights = [1.0 - 0.7 * index / max(1, jobs - 2) for index in range(jobs - 1)]
    # Fill proportionally to the weights; a job that would pass the largest is
    # capped and the rest shared again among the others.
    shares = [0.0] * len(weights)
    open_jobs, left = list(range(len(weights))), float(total - largest)
    while open_jobs and left > 1e-9:
        weight = sum(weights[i] for i in open_jobs)
        capped = [i for i in open_jobs if left * weights[i] / weight > largest]
        if not capped:
            for i in open_jobs:
                shares[i] = left * weights[i] / weight
            break
        for i in capped:
            shares[i], left = float(largest), left - largest
            open_jobs.remove(i)
    sizes = [math.floor(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (sizes[i] - shares[i], i))
    for i in by_remainder[: total - largest - sum(sizes)]:
        sizes[i] += 1
    return [largest, *sizes]


def applications_plan(
    rng: random.Random, plan: Plan, *, total: int, now: datetime, report: Progress
) -> None:
    """Decide who applies where, when, and how far each application got.

    First who and when (and each candidate's self-identification, which the
    deliberate adverse impact reads), then hrflow's go-live from those dates
    (go_live_at), then each application's way through its pipeline: slower for
    those who applied before the go-live.
    """
    sizes = job_sizes(total, len(plan.jobs))
    slots = [job for job, size in zip(plan.jobs, sizes, strict=True) for _ in range(size)]
    rng.shuffle(slots)
    owners, channels = _candidates_assign(rng, slots, math.ceil(total * NEW_CANDIDATE_SHARE))
    sources: dict[str, tuple[list[str], list[float]]] = {
        channel: ([name for name, _w in weighted], list(accumulate(w for _n, w in weighted)))
        for channel, weighted in (
            (Job.Channel.CAMPUS, words.CAMPUS_SOURCES),
            (Job.Channel.EXPERIENCED, words.EXPERIENCED_SOURCES),
        )
    }
    rules = {job.pk: stage_rules([kind for _name, kind in job.stages]) for job in plan.jobs}
    draw = IdentityDraw(rng)
    plan.identities = [draw.identity(student=channel == Job.Channel.CAMPUS) for channel in channels]
    plan.people_since = [now] * len(channels)
    # More applications lately than long ago.
    spans = {job.pk: max(0, int((now - job.opened_at).total_seconds())) for job in plan.jobs}
    applied = [now - timedelta(seconds=int(spans[job.pk] * rng.random() ** 1.3)) for job in slots]
    plan.go_live = go_live = go_live_at(applied, now=now)
    for done, (job, owner, applied_at) in enumerate(zip(slots, owners, applied, strict=True), 1):
        names, cum_weights = sources[job.channel]
        journey = journey_make(
            rng,
            rules=rules[job.pk],
            applied_at=applied_at,
            now=now,
            dimension_count=len(job.dimension_ids),
            pace=BASELINE_PACE if applied_at < go_live else 1.0,
            penalty=adverse_penalty(job, plan.identities[owner]),
        )
        if journey.ai is not None:
            journey.ai_manual = applied_at < go_live or rng.random() < MANUAL_AFTER_GO_LIVE
        source = rng.choices(names, cum_weights=cum_weights)[0]
        plan.applications.append(ApplicationPlan(job, owner, source, journey))
        plan.people_since[owner] = min(plan.people_since[owner], applied_at)
        if done % 5000 == 0 or done == total:
            report("planning", done, total)
    hires_cap(plan)
    plan.people = _people_make(rng, channels, now=now, report=report)


def go_live_at(applied: Sequence[datetime], *, now: datetime) -> datetime:
    """When hrflow went live: the applied date before which the earliest BASELINE_SHARE
    of the recent history's applications fall (now, for none).

    The one place the seed's "before hrflow" baseline is decided. Applications made
    before it are the baseline cohort, which went through the old process to its end:
    their AI interview results were typed in by HR (Assessment.source "manual"), each
    stage took BASELINE_PACE times as long, and the candidates rated the process lower
    (surveys.py). Last year's drive (drive.py) lies wholly before it. Later
    applications are hrflow's: results from the vendor, bar MANUAL_AFTER_GO_LIVE
    typed in by hand.
    """
    if not applied:
        return now
    return sorted(applied)[int(len(applied) * BASELINE_SHARE)]


def hires_cap(plan: Plan) -> None:
    """No job hires more than its headcount: whoever would come later finds the
    position filled, and is rejected at the offer stage at that moment."""
    hires: dict[int, list[Journey]] = {}
    for application in plan.applications:
        if application.journey.status == Application.Status.HIRED:
            hires.setdefault(application.job.pk, []).append(application.journey)
    for job in plan.jobs:
        ranked = sorted(hires.get(job.pk, []), key=lambda journey: journey.steps[-1][1])
        for journey in ranked[job.headcount :]:
            _index, filled_at = journey.steps.pop()
            journey.status, journey.ended_at = Application.Status.REJECTED, filled_at
            journey.reason_code = POSITION_FILLED


def _people_make(
    rng: random.Random, channels: list[str], *, now: datetime, report: Progress
) -> list[Person]:
    """One person per candidate; students for campus jobs. Serials continue after the
    candidates already there, so e-mails and phones stay unique across --force runs."""
    maker = PersonMaker(rng, class_of=graduating_class(now))
    serial_base = Candidate.objects.count()
    people = []
    for index, channel in enumerate(channels):
        people.append(maker.make(serial=serial_base + index, student=channel == Job.Channel.CAMPUS))
        if (index + 1) % 5000 == 0 or index + 1 == len(channels):
            report("people", index + 1, len(channels))
    return people


def _candidates_assign(
    rng: random.Random, slots: list[JobPlan], first_time: int
) -> tuple[list[int], list[str]]:
    """Who makes each application: the first `first_time` are new people, the others
    mostly someone who applied to another job of the same channel before.

    Returns the candidate index of each slot, and each candidate's channel.
    """
    channels: list[str] = []
    pools: dict[str, list[int]] = {}
    taken: set[tuple[int, int]] = set()
    owners = []
    for position, job in enumerate(slots):
        pool = pools.setdefault(job.channel, [])
        owner = -1
        if position >= first_time:
            for _attempt in range(8 if pool else 0):
                candidate = pool[rng.randrange(len(pool))]
                if (candidate, job.pk) not in taken:
                    owner = candidate
                    break
        if owner < 0:  # a newcomer; also when everyone drawn had applied here already
            owner = len(channels)
            channels.append(job.channel)
            pool.append(owner)
        taken.add((owner, job.pk))
        owners.append(owner)
    return owners, channels
