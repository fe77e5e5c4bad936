"""What analytics may read of recruiting: each application's history as plain records.

Analytics keeps fact tables of its own (counts and sums) and rebuilds the buckets an
application falls in when anything about it changed. These selectors are its only way
in: which applications changed since a moment, which applications fall in a bucket, and
for a batch of ids everything that happened to them, in a handful of queries whatever
the batch size. Records carry no names, contacts or free text; self-identification is
given only as group codes, for the fairness facts, which hold nothing but counts.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.db.models.expressions import RawSQL

from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Job,
    SelfIdentification,
    StageKind,
    StageTransition,
    SurveyResponse,
)
from recruiting.models.self_identification import UNDISCLOSED
from recruiting.offers.models import Offer
from recruiting.screening.models import ScreeningDecision

MANUAL_SOURCE = "manual"
# Results whose vendor mapping names the scoring model (recruiting/hiring/record.py).
MODEL_VERSION_KEYS = ("model_version", "modelVersion", "scoring_model", "scoringModel", "model")


@dataclass(frozen=True)
class Move:
    at: datetime
    from_kind: str
    to_kind: str
    to_status: str
    rule: str


@dataclass(frozen=True)
class Result:
    kind: str
    received_at: datetime
    completed_at: datetime | None
    source: str
    score: Decimal | None


@dataclass(frozen=True)
class OfferRecord:
    sent_at: datetime
    responded_at: datetime | None
    status: str


@dataclass(frozen=True)
class Decision:
    rule_version: str
    outcome: str
    at: datetime


@dataclass(frozen=True)
class Answer:
    moment: str
    rating: int
    at: datetime


@dataclass(frozen=True)
class Groups:
    gender: str = UNDISCLOSED
    age_band: str = UNDISCLOSED
    ethnicity: str = UNDISCLOSED
    disability: str = UNDISCLOSED


NOT_ASKED = Groups("", "", "", "")


@dataclass
class ApplicationRecord:
    pk: int
    job_id: int
    department_id: int | None
    source: str
    applied_at: datetime
    status: str
    first_stage_kind: str
    moves: list[Move] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    offers: list[OfferRecord] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Empty codes: the candidate was never asked or gave nothing.
    groups: Groups = NOT_ASKED
    # The vendor of the first AI interview invitation not completed (yet): an
    # application has its vendor from the invitation on, so that the result, when it
    # comes, changes only the figures that count results.
    invited_by: str = ""


def _any_of(ids: Iterable[int]) -> RawSQL:
    """`field__in=_any_of(ids)`: a batch of thousands of ids as one array parameter;
    Django's plain list makes and checks one parameter per id (a third of a refresh's
    time, measured)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))


def application_ids_changed_since(since: datetime) -> set[int]:
    """Applications something was written about at or after `since`: the application
    row, a move, a result, an offer, a rule decision, a survey answer, or the
    candidate's self-identification."""
    ids: set[int] = set()
    ids.update(Application.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    ids.update(
        StageTransition.objects.filter(created_at__gte=since).values_list(
            "application_id", flat=True
        )
    )
    ids.update(
        Assessment.objects.filter(updated_at__gte=since).values_list("application_id", flat=True)
    )
    ids.update(Offer.objects.filter(updated_at__gte=since).values_list("application_id", flat=True))
    ids.update(
        ScreeningDecision.objects.filter(
            Q(created_at__gte=since) | Q(decided_at__gte=since)
        ).values_list("application_id", flat=True)
    )
    ids.update(
        SurveyResponse.objects.filter(created_at__gte=since).values_list(
            "application_id", flat=True
        )
    )
    identified = SelfIdentification.objects.filter(provided_at__gte=since).values("candidate_id")
    ids.update(Application.objects.filter(candidate_id__in=identified).values_list("pk", flat=True))
    return ids


def application_ids_applied_between(job_id: int, start: datetime, end: datetime) -> list[int]:
    """One job's applications applied in [start, end), merged ones left out."""
    return list(
        Application.objects.filter(job_id=job_id, applied_at__gte=start, applied_at__lt=end)
        .exclude(status=Application.Status.MERGED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def job_ids_all() -> list[int]:
    return list(Job.objects.order_by("pk").values_list("pk", flat=True))


def application_ids_of_job(job_id: int) -> list[int]:
    """One job's applications, merged ones left out, oldest first."""
    return list(
        Application.objects.filter(job_id=job_id)
        .exclude(status=Application.Status.MERGED)
        .order_by("applied_at", "pk")
        .values_list("pk", flat=True)
    )


def application_records(ids: Sequence[int]) -> list[ApplicationRecord]:
    """Everything analytics counts about these applications, in seven queries."""
    records: dict[int, ApplicationRecord] = {}
    candidates: dict[int, list[int]] = defaultdict(list)
    rows = (
        Application.objects.filter(pk__in=_any_of(ids))
        .exclude(status=Application.Status.MERGED)
        .values_list(
            "pk",
            "job_id",
            "job__department_id",
            "source",
            "applied_at",
            "status",
            "candidate_id",
            "stage__kind",
        )
    )
    for pk, job_id, department_id, source, applied_at, status, candidate_id, kind in rows:
        records[pk] = ApplicationRecord(
            pk, job_id, department_id, source, applied_at, status, first_stage_kind=kind
        )
        candidates[candidate_id].append(pk)
    found = list(records)
    moves = (
        StageTransition.objects.filter(application_id__in=_any_of(found))
        .order_by("application_id", "created_at", "pk")
        .values_list(
            "application_id",
            "created_at",
            "from_stage__kind",
            "to_stage__kind",
            "to_status",
            "rule",
        )
    )
    for application_id, at, from_kind, to_kind, to_status, rule in moves:
        records[application_id].moves.append(Move(at, from_kind or "", to_kind, to_status, rule))
    for record in records.values():
        # The stage an application started in: where its first move came from.
        if record.moves and record.moves[0].from_kind:
            record.first_stage_kind = record.moves[0].from_kind
        elif record.moves:
            record.first_stage_kind = record.moves[0].to_kind
    # Results, and the AI interview invitations still without one (their vendor).
    results = (
        Assessment.objects.filter(
            Q(status=Assessment.Status.COMPLETED) | Q(kind=Assessment.Kind.AI_INTERVIEW),
            application_id__in=_any_of(found),
            attempt_of__isnull=True,
        )
        .exclude(kind=Assessment.Kind.INTERVIEW_FEEDBACK)
        .order_by("application_id", "created_at", "pk")
        .values_list(
            "application_id",
            "kind",
            "status",
            "created_at",
            "completed_at",
            "source",
            "overall_score",
        )
    )
    for application_id, kind, status, created_at, completed_at, source, score in results:
        record = records[application_id]
        if status == Assessment.Status.COMPLETED:
            record.results.append(Result(kind, created_at, completed_at, source, score))
        elif not record.invited_by:
            record.invited_by = source
    offers = (
        Offer.objects.filter(application_id__in=_any_of(found))
        .order_by("application_id", "created_at", "pk")
        .values_list("application_id", "created_at", "responded_at", "status")
    )
    for application_id, sent_at, responded_at, status in offers:
        records[application_id].offers.append(OfferRecord(sent_at, responded_at, status))
    decisions = (
        ScreeningDecision.objects.filter(application_id__in=_any_of(found))
        .order_by("application_id", "created_at", "pk")
        .values_list(
            "application_id", "version__rule__name", "version__number", "outcome", "created_at"
        )
    )
    for application_id, name, number, outcome, at in decisions:
        records[application_id].decisions.append(Decision(f"{name} v{number}", outcome, at))
    answers = (
        SurveyResponse.objects.filter(application_id__in=_any_of(found))
        .order_by("application_id", "moment")
        .values_list("application_id", "moment", "rating", "created_at")
    )
    for application_id, moment, rating, at in answers:
        records[application_id].answers.append(Answer(moment, rating, at))
    identified = SelfIdentification.objects.filter(
        candidate_id__in=_any_of(candidates)
    ).values_list("candidate_id", "gender", "age_band", "ethnicity", "disability")
    for candidate_id, gender, age_band, ethnicity, disability in identified:
        groups = Groups(gender, age_band, ethnicity, disability)
        for pk in candidates[candidate_id]:
            records[pk].groups = groups
    return [records[pk] for pk in sorted(records)]


def reporting_jobs(user: AbstractBaseUser | AnonymousUser) -> list[tuple[int, str, int | None]]:
    """(id, title, department) of the jobs whose figures the user may see."""
    return list(
        Job.objects.visible_to(user)
        .order_by("title", "pk")
        .values_list("pk", "title", "department_id")
    )


# Stage kinds in pipeline order, with their labels (funnel steps are kinds, whatever a
# job names its stages).
STAGE_KINDS: tuple[str, ...] = tuple(StageKind.values)
STAGE_KIND_LABELS = dict(StageKind.choices)
HIRED, REJECTED, WITHDRAWN, ACTIVE = (
    Application.Status.HIRED.value,
    Application.Status.REJECTED.value,
    Application.Status.WITHDRAWN.value,
    Application.Status.ACTIVE.value,
)
AI_INTERVIEW_KIND = Assessment.Kind.AI_INTERVIEW.value
OFFER_ACCEPTED = Offer.Status.ACCEPTED.value
SURVEY_MOMENTS = dict(SurveyResponse.Moment.choices)
# "Prefer not to say": reported on its own row, never compared.
GROUP_UNDISCLOSED = UNDISCLOSED
GROUP_QUESTIONS = {
    "gender": dict(SelfIdentification.Gender.choices),
    "age_band": dict(SelfIdentification.AgeBand.choices),
    "ethnicity": dict(SelfIdentification.Ethnicity.choices),
    "disability": dict(SelfIdentification.Disability.choices),
}


def ai_scores(ids: Sequence[int]) -> dict[int, list[tuple[str, Decimal]]]:
    """Per application, its first completed AI interview's scores: ("overall", score) and
    (dimension code, score) for every mapped dimension. Two queries."""
    found: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    first: dict[int, int] = {}
    rows = (
        Assessment.objects.filter(
            application_id__in=_any_of(ids),
            kind=Assessment.Kind.AI_INTERVIEW,
            status=Assessment.Status.COMPLETED,
            attempt_of__isnull=True,
        )
        .order_by("application_id", "created_at", "pk")
        .values_list("application_id", "pk", "overall_score")
    )
    for application_id, pk, score in rows:
        if application_id in first:
            continue
        first[application_id] = pk
        if score is not None:
            found[application_id].append(("overall", score))
    by_assessment = {pk: application_id for application_id, pk in first.items()}
    dimensions = (
        AssessmentDimensionScore.objects.filter(
            assessment_id__in=_any_of(by_assessment), dimension__isnull=False, score__isnull=False
        )
        .order_by("assessment_id", "dimension__code")
        .values_list("assessment_id", "dimension__code", "score")
    )
    for assessment_id, code, score in dimensions:
        if score is not None:
            found[by_assessment[assessment_id]].append((code, score))
    return found


def application_jobs(ids: Iterable[int]) -> dict[int, tuple[int, int | None, str]]:
    """(job, department, source) of each application named."""
    return {
        pk: (job_id, department_id, source)
        for pk, job_id, department_id, source in Application.objects.filter(
            pk__in=list(ids)
        ).values_list("pk", "job_id", "job__department_id", "source")
    }


def application_buckets(
    ids: Iterable[int],
) -> dict[int, tuple[int, int | None, str, datetime]]:
    """(job, department, source, applied at) of each application named."""
    return {
        pk: (job_id, department_id, source, applied_at)
        for pk, job_id, department_id, source, applied_at in Application.objects.filter(
            pk__in=list(ids)
        ).values_list("pk", "job_id", "job__department_id", "source", "applied_at")
    }


def job_titles_all() -> dict[int, str]:
    """Every job's title by id (report rows name jobs; scope is applied to the figures)."""
    return dict(Job.objects.values_list("pk", "title"))


def drill_id_batch(
    *,
    user: AbstractBaseUser | AnonymousUser,
    applied_from: datetime,
    applied_before: datetime,
    job_id: int | None,
    department_id: int | None,
    source: str,
    before_pk: int | None,
    batch: int,
) -> list[int]:
    """The next `batch` ids (newest first, below `before_pk`) of the applications the
    user may see that applied in [applied_from, applied_before) with these filters."""
    rows = (
        Application.objects.visible_to(user)
        .exclude(status=Application.Status.MERGED)
        .filter(applied_at__gte=applied_from, applied_at__lt=applied_before)
    )
    if job_id is not None:
        rows = rows.filter(job_id=job_id)
    if department_id is not None:
        rows = rows.filter(job__department_id=department_id)
    if source:
        rows = rows.filter(source=source)
    if before_pk is not None:
        rows = rows.filter(pk__lt=before_pk)
    return list(rows.order_by("-pk").values_list("pk", flat=True)[:batch])


@dataclass(frozen=True)
class DrillRow:
    pk: int
    candidate_id: int
    candidate_name: str
    job_title: str
    stage_name: str
    status: str
    status_label: str
    applied_at: datetime
    source: str


def drill_rows(ids: Sequence[int], user: AbstractBaseUser | AnonymousUser) -> list[DrillRow]:
    """The applications named, as a list shows them, only those the user may see."""
    labels = dict(Application.Status.choices)
    rows = (
        Application.objects.visible_to(user)
        .filter(pk__in=list(ids))
        .values_list(
            "pk", "candidate_id", "candidate__full_name", "job__title", "stage__name", "status",
            "applied_at", "source",
        )
    )  # fmt: skip
    found = {
        row[0]: DrillRow(*row[:6], str(labels.get(row[5], row[5])), *row[6:])  # type: ignore[misc]
        for row in rows
    }
    return [found[pk] for pk in ids if pk in found]


@dataclass(frozen=True)
class SurveyComment:
    """A survey answer's comment as HR reads it in the experience report: no candidate
    name, no application id."""

    text: str
    rating: int
    moment: str
    job_title: str
    answered_at: datetime


def survey_comments(
    *,
    job_ids: Iterable[int] | None,
    answered_from: datetime,
    answered_before: datetime,
    job_id: int | None,
    department_id: int | None,
    source: str,
    limit: int = 50,
    count_at_most: int | None = None,
) -> tuple[int, list[SurveyComment]]:
    """(answers in the selection, the latest `limit` non-empty comments among them):
    survey answers given in [answered_from, answered_before) on the jobs named (None:
    every job), with these filters. The count lets the caller refuse to list comments
    of a group too small to stay anonymous; `count_at_most` stops counting there (the
    caller needs only "at least 5", and a full count of a year's answers at a million
    applications took a third of a second)."""
    answers = SurveyResponse.objects.filter(
        created_at__gte=answered_from, created_at__lt=answered_before
    ).exclude(application__status=Application.Status.MERGED)
    if job_ids is not None:
        answers = answers.filter(application__job_id__in=list(job_ids))
    if job_id is not None:
        answers = answers.filter(application__job_id=job_id)
    if department_id is not None:
        answers = answers.filter(application__job__department_id=department_id)
    if source:
        answers = answers.filter(application__source=source)
    rows = (
        answers.exclude(comment="")
        .order_by("-created_at", "-pk")
        .values_list("comment", "rating", "moment", "application__job__title", "created_at")[:limit]
    )
    counted = answers[:count_at_most] if count_at_most is not None else answers
    return counted.count(), [SurveyComment(*row) for row in rows]
