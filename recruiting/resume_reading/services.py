"""Read a resume into suggestions and match scores; HR confirms, edits or dismisses a suggestion.

resume_read runs after a resume is attached (the task resume_attach sends):
it parses the text into suggestions (resume_parse) and scores the resume
against each job it may be read for (application_match_resume), recording
the score as the application's resume-match result, so the card, the score
sheet, the composite and the screening rules use it like any other result.
"""

import logging
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.contracts import AssessmentResult
from recruiting.models import Application, Assessment, Candidate, Job, Resume
from recruiting.models.job_posting import EXPERIENCE_MIN_YEARS
from recruiting.resume_reading.matching import MatchResult, resume_match
from recruiting.resume_reading.models import ResumeFieldSuggestion
from recruiting.resume_reading.parse import DEGREES, ParsedResume, resume_parse_text
from recruiting.screening.services import applications_screen
from recruiting.services.assessments import (
    RESUME_MATCH_SOURCE,
    RecordOutcome,
    record_assessment_result,
)
from recruiting.services.candidates import candidate_update

log = logging.getLogger(__name__)

Field = ResumeFieldSuggestion.Field
Status = ResumeFieldSuggestion.Status

# The profile fields a confirmed value goes to; the others are kept on the suggestion.
CANDIDATE_FIELDS = {Field.CITY: "city", Field.CURRENT_TITLE: "current_title"}
SUGGESTION_MAX = 120  # what a value read from a resume may hold
EDUCATION_PARTS = (Field.SCHOOL, Field.DEGREE, Field.MAJOR, Field.GRADUATION_YEAR)
YEAR_RANGES = {Field.GRADUATION_YEAR: (1950, 2100), Field.YEARS_EXPERIENCE: (0, 60)}
# The job's lowest degree (its education_required, where jobs have one) as a DEGREES rank.
DEGREE_RANKS = {"doctorate": 0, "master": 1, "bachelor": 2, "associate": 3}


def resume_read(*, resume_id: int) -> None:
    """Parse the resume and score it for each application it may be read for."""
    resume = Resume.objects.filter(pk=resume_id).select_related("candidate").first()
    if resume is None or not resume.text:
        log.info("resume_read skipped", extra={"resume": resume_id})
        return
    parsed = resume_parse(resume=resume)
    for application in _applications_reading(resume):
        application_match_resume(application=application, resume=resume, parsed=parsed)


def resumes_read_stored(*, batch_size: int = 200) -> int:
    """Read every stored resume, oldest first (so each person's newest is read last and its
    suggestions and matches stand): for rows attached before resumes were read. The number
    read."""
    read = 0
    last = 0
    while batch := list(
        Resume.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
    ):
        for resume_id in batch:
            resume_read(resume_id=resume_id)
        read += len(batch)
        last = batch[-1]
    return read


@transaction.atomic
def resume_parse(*, resume: Resume, today: date | None = None) -> ParsedResume:
    """Store what the resume's text says as suggestions; the candidate is not changed.

    A value the profile already holds, or that HR already decided on, is not
    suggested again. Suggestions of older resumes still waiting for HR give way
    to this one's; decided ones stay, as the record of who confirmed what.
    """
    parsed = resume_parse_text(resume.text, today=today or timezone.localdate())
    candidate = resume.candidate
    for name, value in parsed.fields().items():
        if _profile_value(candidate, name) == value or _decided(candidate, name, value, resume):
            continue
        ResumeFieldSuggestion.objects.filter(
            resume__candidate=candidate, field=name, status=Status.PENDING
        ).exclude(resume=resume).delete()
        ResumeFieldSuggestion.objects.update_or_create(
            resume=resume,
            field=name,
            create_defaults={"value": value[:200]},
            defaults={"value": value[:200]} if _pending(resume, name) else {},
        )
    return parsed


def _decided(candidate: Candidate, name: str, value: str, resume: Resume) -> bool:
    return (
        ResumeFieldSuggestion.objects.filter(resume__candidate=candidate, field=name)
        .exclude(status=Status.PENDING)
        .exclude(resume=resume)
        .filter(Q(value=value) | Q(confirmed_value=value))
        .exists()
    )


def _pending(resume: Resume, name: str) -> bool:
    return ResumeFieldSuggestion.objects.filter(
        resume=resume, field=name, status=Status.PENDING
    ).exists()


def _profile_value(candidate: Candidate, name: str) -> str:
    if name in CANDIDATE_FIELDS:
        return str(getattr(candidate, CANDIDATE_FIELDS[Field(name)]))
    return ""


@transaction.atomic
def resume_suggestion_confirm(
    *, suggestion: ResumeFieldSuggestion, actor: User, value: str | None = None
) -> ResumeFieldSuggestion:
    """HR confirms a suggestion, as read or as edited (`value`); the profile takes it."""
    suggestion = ResumeFieldSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Status.PENDING:
        raise ApplicationError(_("This suggestion was already decided."))
    confirmed = _checked_value(suggestion.field, suggestion.value if value is None else value)
    suggestion.status = Status.CONFIRMED
    suggestion.confirmed_value = confirmed
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(
        update_fields=["status", "confirmed_value", "decided_by", "decided_at", "updated_at"]
    )
    candidate = Candidate.objects.get(pk=suggestion.resume.candidate_id)
    if suggestion.field in CANDIDATE_FIELDS:
        candidate_update(
            candidate=candidate,
            actor=actor,
            **{CANDIDATE_FIELDS[Field(suggestion.field)]: confirmed},
        )
    elif suggestion.field in EDUCATION_PARTS:
        candidate_update(candidate=candidate, actor=actor, education=_education(candidate))
    audit_record(
        actor=actor,
        action="recruiting.resume_suggestion_confirm",
        target=candidate,
        changes={
            "field": suggestion.field,
            "read": suggestion.value,
            "confirmed": confirmed,
            "resume": suggestion.resume_id,
        },
    )
    return suggestion


@transaction.atomic
def resume_suggestion_dismiss(
    *, suggestion: ResumeFieldSuggestion, actor: User
) -> ResumeFieldSuggestion:
    """HR says the value read is wrong: it is kept as dismissed and not suggested again."""
    suggestion = ResumeFieldSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Status.PENDING:
        raise ApplicationError(_("This suggestion was already decided."))
    suggestion.status = Status.DISMISSED
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="recruiting.resume_suggestion_dismiss",
        target=suggestion.resume.candidate,
        changes={"field": suggestion.field, "read": suggestion.value},
    )
    return suggestion


def _checked_value(field: str, value: str) -> str:
    value = " ".join(str(value).split())
    if not value:
        raise ApplicationError(
            _("Enter a value, or dismiss the suggestion."), extra={"field": "value"}
        )
    # The profile field it lands in is the limit (city holds 80), else the suggestion's.
    target = CANDIDATE_FIELDS.get(Field(field)) if field in CANDIDATE_FIELDS else None
    limit = getattr(Candidate._meta.get_field(target), "max_length", None) if target else None
    limit = limit or SUGGESTION_MAX
    if len(value) > limit:
        raise ApplicationError(
            _("Keep it to %(limit)d characters.") % {"limit": limit}, extra={"field": "value"}
        )
    if field in YEAR_RANGES:
        low, high = YEAR_RANGES[Field(field)]
        if not value.isdecimal() or not low <= int(value) <= high:
            raise ApplicationError(
                _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
                extra={"field": "value"},
            )
        value = str(int(value))
    return value


def _education(candidate: Candidate) -> str:
    """The profile's education line from the confirmed parts, newest confirmation first:
    "浙江大学 · 本科 · 计算机科学与技术 · 2018"."""
    confirmed = (
        ResumeFieldSuggestion.objects.filter(
            resume__candidate=candidate, status=Status.CONFIRMED, field__in=EDUCATION_PARTS
        )
        .order_by("field", "-decided_at", "-pk")
        .distinct("field")
        .values_list("field", "confirmed_value")
    )
    parts = dict(confirmed)
    return " · ".join(parts[part] for part in EDUCATION_PARTS if parts.get(part))[:160]


# --- the match


def _applications_reading(resume: Resume) -> list[Application]:
    """The live applications whose job may read this resume: any of the person's for their
    own resume, only the one it was sent with for a file nobody has confirmed yet."""
    applications = Application.objects.filter(candidate_id=resume.candidate_id).exclude(
        status=Application.Status.MERGED
    )
    if resume.verified_at is None:
        if resume.sent_with_id is None:
            return []
        applications = applications.filter(pk=resume.sent_with_id)
    return list(applications.filter(Q(archived_at__isnull=True)).select_related("job"))


@transaction.atomic
def application_match_resume(
    *, application: Application, resume: Resume, parsed: ParsedResume | None = None
) -> Assessment | None:
    """Score the resume against the application's job and record it as the application's
    resume match (0-100, matched and missing keywords); None when the job lists nothing
    to match."""
    # Locked, so that it cannot go (a merge, an erasure) before the result is stored.
    if not Application.objects.select_for_update().filter(pk=application.pk).exists():
        return None
    parsed = parsed or resume_parse_text(resume.text, today=timezone.localdate())
    job = application.job
    match = resume_match(
        resume_text=resume.text,
        job_text="\n".join([job.title, job.description, job.requirements]),
        requirements=job_requirements(job, parsed),
    )
    if match is None:
        return None
    now = timezone.now()
    result = AssessmentResult(
        source=RESUME_MATCH_SOURCE,
        external_id=f"application:{application.pk}",
        kind=Assessment.Kind.RESUME_MATCH,
        status=Assessment.Status.COMPLETED,
        overall_score=match.score,
        overall_raw=str(match.score),
        overall_scale="0-100",
        completed_at=now,
        vendor_updated_at=now,
        raw=_raw(match, resume),
    )
    assessment, outcome = record_assessment_result(result=result, application=application)
    if outcome in (RecordOutcome.CREATED, RecordOutcome.UPDATED):
        applications_screen(application_ids={application.pk})
    return assessment


def _raw(match: MatchResult, resume: Resume) -> dict[str, object]:
    return {
        "matched": match.matched,
        "missing": match.missing,
        "resume": resume.pk,
        "resume_name": resume.original_name,
        "method": match.method,
    }


def job_requirements(job: Job, parsed: ParsedResume) -> list[tuple[str, bool]]:
    """The job's education and experience requirements and whether the resume meets them.

    A job asking for "any" adds nothing.
    """
    requirements: list[tuple[str, bool]] = []
    education = job.education_required
    if education in DEGREE_RANKS:
        label = job.get_education_required_display()
        rank = _degree_rank(parsed.degree)
        requirements.append((label, rank is not None and rank <= DEGREE_RANKS[education]))
    needed = EXPERIENCE_MIN_YEARS.get(Job.Experience(job.experience_required), 0)
    if needed:
        label = job.get_experience_required_display()
        years = int(parsed.years_experience) if parsed.years_experience else None
        requirements.append((label, years is not None and years >= needed))
    return requirements


def _degree_rank(degree: str) -> int | None:
    for rank, (chinese, english, _pattern) in enumerate(DEGREES):
        if degree in (chinese, english):
            return rank
    return None
