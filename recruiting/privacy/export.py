"""What is held about a candidate, and where: their copy of it as one ZIP (GDPR
Art. 15 and 20, PIPL Art. 45), and where their identifiers may sit copied into
other rows' text (COPIED_TEXT_COLUMNS, PersonIdentity: read by the erasure).

`data.json` holds every row about the person, each built from the model's
concrete fields, so a field added later is exported without anyone
remembering to: only the fields in EXCLUDED_FIELDS are left out, each with its
reason. The files (resumes, uploaded documents, offer letters) follow under
`files/`. HR's notes about the person are included: the right of access
covers personal data about them whoever wrote it, and a note names them.
Messages are the ones that went out to the person (DELIVERED): one still
waiting for its time (a rejection held for its delay), cancelled or failed
has not reached them, and the download must not tell them before the
message itself does.

Which models are exported is declared in EXPORTED_MODELS; the models a
candidate's rows point at that hold nothing about the candidate are in
NOT_PERSONAL_DATA with the reason. tests/recruiting/privacy/test_export.py
walks every relation from Candidate and fails on a model in neither list.

The export costs one query per kind of row, whatever the number of applications.
"""

import json
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePath
from typing import Any
from uuid import UUID

from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.errors import ApplicationError
from hrflow.notifications.events import EVENTS
from hrflow.notifications.models import OutboxMessage
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    CandidateConsent,
    CandidateDocument,
    DeletionRequest,
    DocumentRequest,
    Interview,
    Job,
    Note,
    Offer,
    PortalLoginLink,
    RejectionReason,
    Resume,
    ResumeFieldSuggestion,
    ScreeningAnswer,
    ScreeningDecision,
    ScreeningQuestion,
    ScreeningRuleVersion,
    SelfIdentification,
    Stage,
    StageTransition,
    SurveyResponse,
    Tag,
)

FORMAT = "hrflow-candidate-export/1"
MAX_EXPORT_FILE_BYTES = 200 * 1024 * 1024
_COPY_CHUNK = 1024 * 1024

# Which section of data.json holds each model's rows.
EXPORTED_MODELS: dict[type[Model], str] = {
    Candidate: "candidate",  # and "merged_records": older records folded into this one
    Tag: "tags",
    Resume: "resumes",
    # What was read from the resumes, and what HR confirmed of it.
    ResumeFieldSuggestion: "resume_field_suggestions",
    Note: "notes",
    Application: "applications",
    StageTransition: "stage_transitions",
    Assessment: "assessments",
    AssessmentDimensionScore: "assessment_dimension_scores",
    ScreeningDecision: "screening_decisions",
    ScreeningAnswer: "screening_answers",
    Interview: "interviews",
    Offer: "offers",
    DocumentRequest: "document_requests",
    CandidateDocument: "documents",
    CandidateConsent: "consents",
    SelfIdentification: "self_identification",
    SurveyResponse: "survey_responses",
    OutboxMessage: "messages",
    PortalLoginLink: "portal_sign_in_links",
    DeletionRequest: "deletion_requests",
}

# Models the exported rows point at that hold nothing about the candidate.
NOT_PERSONAL_DATA: dict[type[Model], str] = {
    User: "staff accounts (authors, recruiters, interviewers): data about staff; rows "
    "keep the staff member's id",
    Job: "the job advertised to everyone; each application row names its title",
    Stage: "the job's pipeline steps; rows name the stage",
    RejectionReason: "the company's catalogue of reasons; rows name the reason",
    Dimension: "the catalogue of scored traits; score rows name the dimension",
    ScreeningRuleVersion: "the company's rule (weights, thresholds); each decision keeps "
    "its own inputs and score",
    ScreeningQuestion: "the job's question to every applicant; each answer keeps the "
    "question as it was asked",
}

# Fields left out of the rows, and why. Everything else a model stores is exported.
EXCLUDED_FIELDS: dict[type[Model], dict[str, str]] = {
    Candidate: {"search_vector": "a search index derived from the fields exported"},
    PortalLoginLink: {
        "token_hash": "the hash of a sign-in secret: worthless to the person, a risk in a file",
        "requested_by_session": "a keyed hash of a browser session, used only for a warning",
    },
    OutboxMessage: {
        "idempotency_key": "an internal key that stops a message being queued twice",
        "lease_until": "an internal delivery lock",
    },
}
# Messages that reached the person, or may have (the provider took an uncertain one).
DELIVERED = (OutboxMessage.Status.SENT, OutboxMessage.Status.UNCERTAIN)
# The messages whose text is a working secret (sign-in links): their body is withheld.
WITHHELD_BODY = "(a one-time sign-in link; its text is not kept in the export)"


@dataclass(frozen=True)
class _File:
    storage_file: FieldFile
    path: str  # inside the ZIP
    size: int


def candidate_data_export(candidate: Candidate) -> bytes:
    """Everything held about `candidate` as a ZIP: data.json and the files.

    Raises ApplicationError when the files add up to more than
    MAX_EXPORT_FILE_BYTES; nothing is read then.
    """
    data, files = _collect(candidate)
    total = sum(item.size for item in files)
    if total > MAX_EXPORT_FILE_BYTES:
        raise ApplicationError(
            _(
                "Your files add up to more than %(mb)d MB, too much for one download. "
                "Please ask us for a copy and we will send it another way."
            )
            % {"mb": MAX_EXPORT_FILE_BYTES // (1024 * 1024)}
        )
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as buffer:
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
            budget = MAX_EXPORT_FILE_BYTES
            for item in files:
                budget -= _copy_into(archive, item, budget)
        buffer.seek(0)
        return buffer.read()


def _collect(candidate: Candidate) -> tuple[dict[str, Any], list[_File]]:
    people = _people(candidate)
    ids = [person.pk for person in people]
    applications = list(
        Application.objects.filter(candidate__in=ids)
        .select_related("job", "stage", "rejection_reason")
        .order_by("applied_at", "pk")
    )
    files: list[_File] = []
    data: dict[str, Any] = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "candidate": _row(candidate),
        "merged_records": [_row(person) for person in people if person.pk != candidate.pk],
        "tags": sorted(
            {
                link.tag.name
                for link in Candidate.tags.through.objects.filter(
                    candidate_id__in=ids
                ).select_related("tag")
            }
        ),
        "resumes": _with_files(Resume.objects.filter(candidate__in=ids), "file", "resumes", files),
        "resume_field_suggestions": _rows(
            ResumeFieldSuggestion.objects.filter(resume__candidate__in=ids)
        ),
        "notes": _rows(Note.objects.filter(candidate__in=ids)),
        "applications": [_application(application) for application in applications],
    }
    mine = {"application__candidate__in": ids}
    data["stage_transitions"] = [
        {
            **_row(transition),
            "from_stage_name": transition.from_stage.name if transition.from_stage else None,
            "to_stage_name": transition.to_stage.name,
        }
        for transition in StageTransition.objects.filter(**mine).select_related(
            "from_stage", "to_stage"
        )
    ]
    data["assessments"] = _rows(Assessment.objects.filter(**mine))
    data["assessment_dimension_scores"] = [
        {**_row(score), "dimension_code": score.dimension.code if score.dimension else None}
        for score in AssessmentDimensionScore.objects.filter(
            assessment__application__candidate__in=ids
        )
        .select_related("dimension")
        .order_by("pk")
    ]
    data["screening_decisions"] = _rows(ScreeningDecision.objects.filter(**mine))
    data["screening_answers"] = _rows(ScreeningAnswer.objects.filter(**mine))
    data["interviews"] = _rows(Interview.objects.filter(**mine))
    data["offers"] = _with_files(Offer.objects.filter(**mine), "letter", "offers", files)
    data["document_requests"] = _rows(DocumentRequest.objects.filter(**mine))
    data["documents"] = _with_files(
        CandidateDocument.objects.filter(candidate__in=ids), "file", "documents", files
    )
    data["consents"] = _rows(CandidateConsent.objects.filter(candidate__in=ids))
    data["self_identification"] = _rows(SelfIdentification.objects.filter(candidate__in=ids))
    data["survey_responses"] = _rows(SurveyResponse.objects.filter(**mine))
    data["messages"] = [_message(message) for message in _delivered_messages(ids)]
    data["portal_sign_in_links"] = _rows(PortalLoginLink.objects.filter(candidate__in=ids))
    data["deletion_requests"] = _rows(DeletionRequest.objects.filter(candidate__in=ids))
    return data, files


def _people(candidate: Candidate) -> list[Candidate]:
    """The candidate and every record merged into it (at any depth): one person.

    One query per level of merging, which stays the same however many
    applications there are.
    """
    people = [candidate]
    level = [candidate.pk]
    while level:
        found = list(Candidate.objects.filter(merged_into__in=level).order_by("pk"))
        people += found
        level = [person.pk for person in found]
    return people


def _delivered_messages(ids: list[int]) -> QuerySet[OutboxMessage]:
    """The messages sent to these records that went out (see DELIVERED), oldest first."""
    return OutboxMessage.objects.filter(candidate_ref__in=ids, status__in=DELIVERED).order_by("pk")


def _application(application: Application) -> dict[str, Any]:
    reason = application.rejection_reason
    return {
        **_row(application),
        "job_title": application.job.title,
        "stage_name": application.stage.name,
        "status_label": str(application.get_status_display()),
        "rejection_reason_name": str(reason) if reason else None,
    }


def _message(message: OutboxMessage) -> dict[str, Any]:
    row = _row(message)
    event = EVENTS.get(message.event)
    if event is not None and event.secret:
        row["body"] = WITHHELD_BODY
    return row


def _rows(queryset: QuerySet[Any]) -> list[dict[str, Any]]:
    return [_row(instance) for instance in queryset.order_by("pk")]


def _with_files(
    queryset: QuerySet[Any], field: str, folder: str, files: list[_File]
) -> list[dict[str, Any]]:
    """The rows, each naming its file's place in the ZIP; the files join `files`."""
    rows = []
    for instance in queryset.order_by("pk"):
        row = _row(instance)
        stored: FieldFile = getattr(instance, field)
        if stored:
            original = getattr(instance, "original_name", "") or getattr(
                instance, "letter_name", ""
            )
            path = f"files/{folder}/{instance.pk}-{safe_file_name(original, stored.name or '')}"
            size = getattr(instance, "size", None) or getattr(instance, "letter_size", 0)
            files.append(_File(stored, path, int(size or 0)))
            row["export_file"] = path
        rows.append(row)
    return rows


def _row(instance: Model) -> dict[str, Any]:
    """Every concrete field of the row but the excluded ones, as plain JSON values."""
    excluded = EXCLUDED_FIELDS.get(type(instance), {})
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in excluded
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def safe_file_name(name: str, fallback: str) -> str:
    """A file name safe inside a ZIP: no folders, no control characters, bounded length."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(
        char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C"
    ).strip(" .")
    if not base:
        base = PurePath(fallback).name or "file"
    stem, dot, extension = base.rpartition(".")
    if dot and len(extension) <= 10:
        return f"{stem[:120]}.{extension}"
    return base[:120]


def _copy_into(archive: zipfile.ZipFile, item: _File, budget: int) -> int:
    """Copy one stored file into the ZIP (stored, not deflated: PDFs are compressed
    already); its bytes. A file missing from storage is noted, not fatal."""
    try:
        source = item.storage_file.open("rb")
    except OSError:
        archive.writestr(f"{item.path}.missing.txt", "This file is no longer in our storage.\n")
        return 0
    info = zipfile.ZipInfo(item.path, date_time=timezone.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    copied = 0
    with source, archive.open(info, "w") as target:
        for chunk in iter(lambda: source.read(_COPY_CHUNK), b""):
            copied += len(chunk)
            if copied > budget:  # the stored size disagreed with the row's
                raise ApplicationError(_("Your files are too large for one download."))
            target.write(chunk)
    return copied


def candidate_data_summary(candidate: Candidate) -> dict[str, int]:
    """How many rows of each kind are held about the person, for the portal's page."""
    ids = [person.pk for person in _people(candidate)]
    mine = {"application__candidate__in": ids}
    return {
        "applications": Application.objects.filter(candidate__in=ids).count(),
        "resumes": Resume.objects.filter(candidate__in=ids).count(),
        "documents": CandidateDocument.objects.filter(candidate__in=ids).count(),
        "assessments": Assessment.objects.filter(**mine).count(),
        "interviews": Interview.objects.filter(**mine).count(),
        "messages": _delivered_messages(ids).count(),
        "consents": CandidateConsent.objects.filter(candidate__in=ids).count(),
    }
