"""Write a seed plan with COPY: jobs and pipelines, people, applications, history, scores.

The big tables' rows are formatted here directly in COPY's text format, the
hot loop of the whole seed; `text()` escapes whatever did not come from this
package's own word lists.
"""

import random
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from django.contrib.postgres.search import SearchVector
from django.db.models import Model

from hrflow.competencies.models import Dimension
from hrflow.core.pgcopy import NULL, ids_reserve, line, lines_copy, text
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    Job,
    Offer,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
    SelfIdentification,
    Stage,
    StageKind,
    StageTransition,
    SurveyResponse,
)
from recruiting.seeding import screening as rules
from recruiting.seeding.funnel import Score
from recruiting.seeding.identities import SELF_IDENTIFICATION_FIELDS, self_identification_lines
from recruiting.seeding.offers import OFFER_FIELDS, letter_ensure, offer_lines
from recruiting.seeding.plan import ApplicationPlan, Context, JobPlan, Plan, Progress
from recruiting.seeding.surveys import SURVEY_FIELDS, survey_lines

Status = Application.Status
Kind = Assessment.Kind
# (kind, source, external id prefix): who sent each kind of result. Written
# tests look like HR's own entries (written_test_enter), so a later correction
# by hand updates the same row.
RESUME_MATCH_SOURCE = (Kind.RESUME_MATCH, "matcher:seed", "resume:")
AI_INTERVIEW_SOURCE = (Kind.AI_INTERVIEW, "vuesim:seed", "interview:")
# Before hrflow went live (and now and then since), HR typed the AI interview's
# result in from the vendor's report (plan.go_live_at).
AI_INTERVIEW_MANUAL = (Kind.AI_INTERVIEW, "manual", "ai_interview:")
WRITTEN_TEST_SOURCE = (Kind.WRITTEN_TEST, "manual", "written_test:")
# (application id, dimension ids, source, score, entered by)
Result = tuple[int, list[int], tuple[str, str, str], Score, int | None]
Numbered = list[tuple[int, ApplicationPlan]]


def plan_write(
    plan: Plan,
    context: Context,
    *,
    screening: rules.Screening,
    seed: int,
    now: datetime,
    report: Progress,
    waiting_offers: bool = True,
) -> dict[str, int]:
    """Write every planned row; return how many went into each table.

    Offers and survey answers are drawn while they are written, each from its own
    random stream of `seed`, so either can change without moving the other."""
    rows = {
        "jobs": lines_copy(Job, JOB_FIELDS, map(_job_line, plan.jobs)),
        "stages": lines_copy(Stage, ["id", "job", "name", "kind", "position"], _stage_lines(plan)),
        "job team members": _team_write(plan, context),
    }
    candidate_ids = ids_reserve(Candidate, len(plan.people))
    rows["candidates"] = _copy(
        report, "candidates", Candidate, CANDIDATE_FIELDS, _candidate_lines(plan, candidate_ids)
    )
    apps = list(
        zip(ids_reserve(Application, len(plan.applications)), plan.applications, strict=True)
    )
    rows["applications"] = _copy(
        report,
        "applications",
        Application,
        APPLICATION_FIELDS,
        _application_lines(apps, candidate_ids, context),
        len(apps),
    )
    rows["stage transitions"] = _copy(
        report,
        "stage transitions",
        StageTransition,
        TRANSITION_FIELDS,
        _transition_lines(apps, context),
        sum(len(app.journey.steps) + (app.journey.ended_at is not None) for _pk, app in apps),
    )
    rows.update(_assessments_write(apps, context, report, go_live=plan.go_live))
    application_ids = [pk for pk, _app in apps]
    rows["offers"] = _copy(
        report,
        "offers",
        Offer,
        OFFER_FIELDS,
        list(
            offer_lines(
                random.Random(f"{seed}-offers"),  # noqa: S311 - made-up data
                plan,
                application_ids,
                context,
                letter_ensure(),
                now=now,
                waiting=waiting_offers,
            )
        ),
    )
    rows["survey answers"] = _copy(
        report,
        "survey answers",
        SurveyResponse,
        SURVEY_FIELDS,
        list(
            survey_lines(
                random.Random(f"{seed}-surveys"),  # noqa: S311 - made-up data
                plan.applications,
                application_ids,
                go_live=plan.go_live or now,
                now=now,
            )
        ),
    )
    rows["self-identifications"] = _copy(
        report,
        "self-identification",
        SelfIdentification,
        SELF_IDENTIFICATION_FIELDS,
        self_identification_lines(candidate_ids, plan.identities, plan.people_since),
    )
    rows["screening rules"] = lines_copy(
        ScreeningRule, rules.RULE_FIELDS, rules.rule_lines(screening)
    )
    lines_copy(ScreeningRuleVersion, rules.VERSION_FIELDS, rules.version_lines(screening, context))
    rows["screening decisions"] = _copy(
        report,
        "screening decisions",
        ScreeningDecision,
        rules.DECISION_FIELDS,
        rules.decision_lines(screening, application_ids, context),
    )
    report("search index", 0, 1)
    _search_fill(candidate_ids)
    report("search index", 1, 1)
    return rows


def _copy(
    report: Progress,
    phase: str,
    model: type[Model],
    fields: list[str],
    lines: Iterable[str],
    total: int | None = None,
) -> int:
    """COPY with progress; `total` defaults to the length of `lines` (a list)."""
    expected = len(lines) if total is None and isinstance(lines, list) else total or 0
    report(phase, 0, expected)
    return lines_copy(model, fields, lines, on_progress=lambda done: report(phase, done, expected))


JOB_FIELDS = [
    "id", "created_at", "updated_at", "title", "department", "location", "employment_type",
    "headcount", "description", "requirements", "channel", "status", "opened_at", "closed_at",
]  # fmt: skip


def _job_line(job: JobPlan) -> str:
    if job.channel == Job.Channel.CAMPUS:
        requirements = "本科及以上学历应届毕业生，专业相关，学习能力强。"
    else:
        requirements = "3年以上相关工作经验，良好的沟通能力与团队协作精神。"
    return line(
        job.pk,
        job.opened_at - timedelta(days=2),
        job.opened_at,
        job.title,
        job.department_id,
        job.location_id,
        job.employment_type,
        job.headcount,
        f"负责{job.title.split(' · ')[-1]}相关工作，与团队一起交付高质量的成果。",
        requirements,
        job.channel,
        Job.Status.OPEN if job.closed_at is None else Job.Status.CLOSED,
        job.opened_at,
        job.closed_at,
    )


def _stage_lines(plan: Plan) -> Iterator[str]:
    """The pipeline copied from the template, as job_create copies it."""
    for job in plan.jobs:
        for position, (pk, (name, kind)) in enumerate(zip(job.stage_ids, job.stages, strict=True)):
            yield line(pk, job.pk, name, kind, position)


def _team_write(plan: Plan, context: Context) -> int:
    recruiter, manager = context.recruiter_id, context.manager_id
    recruiters = [line(job.pk, recruiter) for job in plan.jobs if recruiter]
    managers = [line(job.pk, manager) for job in plan.jobs if manager and job.with_manager]
    return lines_copy(Job.recruiters.through, ["job", "user"], recruiters) + lines_copy(
        Job.hiring_managers.through, ["job", "user"], managers
    )


CANDIDATE_FIELDS = [
    "id", "created_at", "updated_at", "full_name", "name_pinyin", "email", "phone", "city",
    "current_company", "current_title", "education", "language",
]  # fmt: skip


def _candidate_lines(plan: Plan, candidate_ids: list[int]) -> list[str]:
    lines = []
    for pk, person, since in zip(candidate_ids, plan.people, plan.people_since, strict=True):
        at = since.isoformat()
        lines.append(
            f"{pk}\t{at}\t{at}\t{text(person.full_name)}\t{person.name_pinyin}\t"
            f"{text(person.email)}\t{person.phone}\t{text(person.city)}\t"
            f"{text(person.current_company)}\t{text(person.current_title)}\t"
            f"{text(person.education)}\t{person.language}"
        )
    return lines


APPLICATION_FIELDS = [
    "id", "created_at", "updated_at", "candidate", "job", "stage", "status", "source",
    "applied_at", "stage_entered_at", "rejection_reason", "archived_at", "ai_score",
    "written_test_score", "resume_match_score",
]  # fmt: skip


def _application_lines(apps: Numbered, candidate_ids: list[int], context: Context) -> Iterator[str]:
    for pk, app in apps:
        journey = app.journey
        index, entered = journey.steps[-1]
        applied = journey.steps[0][1].isoformat()
        ended = _moment(journey.ended_at)
        ai = NULL if journey.ai is None else journey.ai.overall
        written = NULL if journey.written is None else journey.written.overall
        yield (
            f"{pk}\t{applied}\t{ended if journey.ended_at else entered.isoformat()}\t"
            f"{candidate_ids[app.candidate]}\t{app.job.pk}\t{app.job.stage_ids[index]}\t"
            f"{journey.status}\t{text(app.source)}\t{applied}\t{entered.isoformat()}\t"
            f"{_reason_id(context, journey.reason_code)}\t{ended}\t{ai}\t{written}\t"
            f"{journey.resume_match}"
        )


def _reason_id(context: Context, code: str | None) -> str:
    if code is None:
        return NULL
    # A reason HR retired falls back to the first one still in use.
    return str(context.reasons.get(code) or next(iter(context.reasons.values())))


def _moment(value: datetime | None) -> str:
    return NULL if value is None else value.isoformat()


TRANSITION_FIELDS = [
    "application", "from_stage", "to_stage", "from_status", "to_status", "actor", "rule",
    "reason", "rejection_reason", "created_at",
]  # fmt: skip


def _transition_lines(apps: Numbered, context: Context) -> Iterator[str]:
    actor = NULL if context.recruiter_id is None else context.recruiter_id
    active = Status.ACTIVE.value
    for pk, app in apps:
        journey, stage_ids = app.journey, app.job.stage_ids
        # As application_create writes it: no origin, the source as the reason.
        previous = stage_ids[0]
        applied = journey.steps[0][1].isoformat()
        source = text(app.source)
        yield f"{pk}\t{NULL}\t{previous}\t\t{active}\t{NULL}\t\t{source}\t{NULL}\t{applied}"
        for step, (index, at) in enumerate(journey.steps[1:], 1):
            # Entering the "hired" stage is the hire itself.
            hired = index == journey.steps[-1][0] and journey.status == Status.HIRED
            status = Status.HIRED.value if hired else active
            stage = stage_ids[index]
            at_text = at.isoformat()
            # A screening rule moves without an actor, signing with its label.
            by, rule = (NULL, journey.advanced_by) if step == journey.advanced_step else (actor, "")
            yield (
                f"{pk}\t{previous}\t{stage}\t{active}\t{status}\t{by}\t{rule}\t\t{NULL}\t{at_text}"
            )
            previous = stage
        if journey.ended_at is not None:
            # As the services end one: same stage, new status, the reason if rejected.
            reason = _reason_id(context, journey.reason_code)
            by = NULL if journey.ended_by_rule_alone else actor
            yield (
                f"{pk}\t{previous}\t{previous}\t{active}\t{journey.status}\t{by}\t"
                f"{journey.ended_by}\t\t{reason}\t{journey.ended_at.isoformat()}"
            )


def _assessments_write(
    apps: Numbered, context: Context, report: Progress, *, go_live: datetime | None
) -> dict[str, int]:
    results = list(_results(apps, context))
    assessment_ids = ids_reserve(Assessment, len(results))
    numbered = list(zip(assessment_ids, results, strict=True))
    written = _copy(
        report,
        "assessments",
        Assessment,
        ASSESSMENT_FIELDS,
        map(_assessment_line, numbered),
        len(numbered),
    )
    # The vendor's own scale is 0-10; the canonical score is 0-100. The seeded
    # vendor names its dimensions by our codes.
    codes = dict(Dimension.objects.values_list("pk", "code"))
    scores = [
        f"{pk}\t{dimension}\t{codes[dimension]}\t{score}\t{score / 10:.2f}\t0-10"
        for pk, (_app, dimensions, _source, result, _by) in numbered
        for dimension, score in zip(dimensions, result.dimensions, strict=True)
    ]
    fields = ["assessment", "dimension", "vendor_key", "score", "raw_score", "raw_scale"]
    scored = _copy(report, "dimension scores", AssessmentDimensionScore, fields, scores)
    invitations = _invitations_write(apps, report, go_live=go_live)
    return {"assessments": written + invitations, "dimension scores": scored}


def _invitations_write(apps: Numbered, report: Progress, *, go_live: datetime | None) -> int:
    """The vendor's invitation for each application that reached an AI interview and has
    no result: still open where the application waits there, expired where it ended
    there. As in service (recruiting/vendors/invites.py), the invitation exists before
    any result, and its result later completes it. Before hrflow went live nobody sent
    invitations from it."""
    open_ones = []
    for pk, app in apps:
        journey = app.journey
        index, entered = journey.steps[-1]
        applied = journey.steps[0][1]
        if (
            journey.ai is None
            and app.job.stages[index][1] == StageKind.AI_INTERVIEW
            and (go_live is None or applied >= go_live)
        ):
            open_ones.append((pk, entered, journey.status == Status.ACTIVE))
    ids = ids_reserve(Assessment, len(open_ones))
    kind, source, _prefix = AI_INTERVIEW_SOURCE
    lines = (
        f"{pk}\t{at.isoformat()}\t{at.isoformat()}\t{application}\t{kind}\t"
        f"{Assessment.Status.INVITED if waiting else Assessment.Status.EXPIRED}\t{source}\t"
        f"invite:{application}\t{NULL}\t{{}}\t{{}}\t{NULL}\t{NULL}\t{NULL}\t"
        f"{Assessment.Scoring.NONE}"
        for pk, (application, at, waiting) in zip(ids, open_ones, strict=True)
    )
    fields = [*ASSESSMENT_FIELDS, "scoring_status"]
    return _copy(report, "invitations", Assessment, fields, lines, len(open_ones))


def _results(apps: Numbered, context: Context) -> Iterator[Result]:
    for pk, app in apps:
        journey = app.journey
        yield pk, [], RESUME_MATCH_SOURCE, Score(journey.resume_match, journey.steps[0][1]), None
        if journey.ai is not None and journey.ai_manual:
            yield pk, app.job.dimension_ids, AI_INTERVIEW_MANUAL, journey.ai, context.recruiter_id
        elif journey.ai is not None:
            yield pk, app.job.dimension_ids, AI_INTERVIEW_SOURCE, journey.ai, None
        if journey.written is not None:
            yield pk, [], WRITTEN_TEST_SOURCE, journey.written, context.recruiter_id


ASSESSMENT_FIELDS = [
    "id", "created_at", "updated_at", "application", "kind", "status", "source", "external_id",
    "overall_score", "media", "raw", "completed_at", "vendor_updated_at", "entered_by",
]  # fmt: skip


def _assessment_line(numbered: tuple[int, Result]) -> str:
    pk, (application, _dimensions, (kind, source, prefix), score, entered_by) = numbered
    at = score.completed_at.isoformat()
    by = NULL if entered_by is None else entered_by
    return (
        f"{pk}\t{at}\t{at}\t{application}\t{kind}\t{Assessment.Status.COMPLETED}\t{source}\t"
        f"{prefix}{application}\t{score.overall}\t{{}}\t{{}}\t{at}\t{at}\t{by}"
    )


def _search_fill(candidate_ids: list[int]) -> None:
    """One UPDATE, the document of candidate_refresh_search: seeded people have no
    tags or resumes, so it is their name, pinyin, contacts and work, weight A.

    The seed's key range without a document holds only its own rows: a
    candidate made meanwhile through the services gets its document at once.
    """
    if not candidate_ids:
        return
    Candidate.objects.filter(
        pk__gte=candidate_ids[0], pk__lte=candidate_ids[-1], search_vector__isnull=True
    ).update(
        search_vector=SearchVector(
            "full_name",
            "name_pinyin",
            "email",
            "phone",
            "current_company",
            "current_title",
            "city",
            weight="A",
            config="simple",
        )
    )
