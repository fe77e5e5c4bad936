"""Build the frozen HireRecord of an application: everything the employee file keeps.

Reads only; the hire service calls it under the application's lock. Files go by
their storage name and checksum, so employees copies the very bytes and checks
them; nothing here decides anything.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from employees.contracts import (
    HiredConsent,
    HiredDimension,
    HiredFile,
    HiredNote,
    HiredOffer,
    HiredPerson,
    HiredResult,
    HiredStep,
    HireRecord,
)
from employees.models import EmploymentType
from integrations.models import SOURCE_KEY_PREFIX, VendorConnection
from recruiting.hiring.percentiles import (
    Rank,
    dimension_percentiles_many,
    overall_percentiles_many,
)
from recruiting.models import (
    Application,
    Assessment,
    CandidateConsent,
    CandidateDocument,
    Job,
    Note,
    Resume,
)
from recruiting.models.applications import StageTransition
from recruiting.models.assessments import AssessmentDimensionScore
from recruiting.offers.models import Offer

# The job's employment type as the employee's form of employment (HR may change it).
EMPLOYMENT_TYPES: dict[str, str] = {
    Job.EmploymentType.FULL_TIME: EmploymentType.FULL_TIME,
    Job.EmploymentType.PART_TIME: EmploymentType.PART_TIME,
    Job.EmploymentType.INTERNSHIP: EmploymentType.INTERN,
    Job.EmploymentType.CONTRACT: EmploymentType.FULL_TIME,
}
# Where a vendor says which scoring model it used, when it says so at all.
MODEL_VERSION_KEYS = ("model_version", "modelVersion", "scoring_model", "scoringModel", "model")
DOCUMENT_KINDS = {
    "id_document": "id_document",
    "degree": "degree",
    "certificate": "certificate",
    "employment": "employment",
    "bank": "bank",
}


@dataclass(frozen=True)
class HireChoices:
    """What HR chose on the hire form; empty fields follow the offer and the job."""

    start_date: date | None = None
    employment_type: str = ""
    department_id: int | None = None
    position_id: int | None = None
    manager_id: int | None = None


def hire_record_build(
    *,
    application: Application,
    offer: Offer,
    start_date: date,
    employment_type: str = "",
    position_id: int | None = None,
    manager_id: int | None = None,
    department_id: int | None = None,
) -> HireRecord:
    choices = HireChoices(
        start_date=start_date,
        employment_type=employment_type,
        department_id=department_id,
        position_id=position_id,
        manager_id=manager_id,
    )
    return hire_records_build(applications=[application], offers={application.pk: offer},
                              choices={application.pk: choices})[0]  # fmt: skip


def hire_records_build(
    *,
    applications: Sequence[Application],
    offers: dict[int, Offer],
    choices: dict[int, HireChoices] | None = None,
) -> list[HireRecord]:
    """The records of many applications (their candidate and job loaded), read with a
    fixed number of queries however many there are; in the applications' order."""
    applications = list(applications)
    prefetch_related_objects(
        applications,
        Prefetch("offers", queryset=Offer.objects.order_by("created_at", "pk")),
        Prefetch(
            "transitions",
            queryset=StageTransition.objects.select_related(
                "from_stage", "to_stage", "actor"
            ).order_by("created_at", "pk"),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.order_by("created_at", "pk").prefetch_related(
                Prefetch(
                    "dimension_scores",
                    queryset=AssessmentDimensionScore.objects.select_related("dimension").order_by(
                        "vendor_key"
                    ),
                )
            ),
        ),
    )
    prefetch_related_objects(
        [application.candidate for application in applications],
        Prefetch("resumes", queryset=Resume.objects.order_by("created_at", "pk")),
        Prefetch(
            "documents",
            queryset=CandidateDocument.objects.select_related("request").order_by(
                "uploaded_at", "pk"
            ),
        ),
        Prefetch(
            "notes", queryset=Note.objects.select_related("author").order_by("created_at", "pk")
        ),
        Prefetch("consents", queryset=CandidateConsent.objects.order_by("given_at", "pk")),
    )
    assessments = [a for application in applications for a in application.assessments.all()]
    vendors = _vendor_names(assessments)
    dimension_ranks = dimension_percentiles_many(assessments)
    overall_ranks = overall_percentiles_many(assessments)
    choices = choices or {}
    return [
        _record(
            application,
            offers[application.pk],
            choices.get(application.pk) or HireChoices(),
            results=_results(application, vendors, dimension_ranks, overall_ranks),
        )
        for application in applications
    ]


def _record(
    application: Application, offer: Offer, chosen: HireChoices, results: list[HiredResult]
) -> HireRecord:
    candidate = application.candidate
    job = application.job
    return HireRecord(
        application_id=application.pk,
        candidate_id=candidate.pk,
        job_id=job.pk,
        job_title=job.title,
        department_id=chosen.department_id or job.department_id,
        location_id=job.location_id,
        employment_type=(
            chosen.employment_type or EMPLOYMENT_TYPES.get(job.employment_type, "full_time")
        ),
        start_date=chosen.start_date or offer.start_date,
        person=HiredPerson(
            full_name=candidate.full_name,
            email=candidate.email,
            phone=candidate.phone,
            city=candidate.city,
            language=candidate.language,
            name_pinyin=candidate.name_pinyin,
            current_company=candidate.current_company,
            current_title=candidate.current_title,
            education=candidate.education,
        ),
        offer=HiredOffer(
            position_title=offer.position_title,
            salary=offer.salary,
            start_date=offer.start_date,
            accepted_at=offer.responded_at,
            signature_name=offer.signature_name,
            respond_by=offer.respond_by,
            message=offer.message,
        ),
        files=tuple(_files(application)),
        notes=tuple(
            HiredNote(
                body=note.body,
                author_id=note.author_id,
                author_label=note.author.full_name if note.author else "",
                written_at=note.created_at,
                origin_ref=f"recruiting.note:{note.pk}",
            )
            for note in candidate.notes.all()
        ),
        consents=tuple(
            HiredConsent(
                kind=consent.kind,
                notice_version=consent.notice_version,
                given_at=consent.given_at,
                ip_hash=consent.ip_hash,
                origin_ref=f"recruiting.consent:{consent.pk}",
            )
            for consent in candidate.consents.all()
        ),
        history=tuple(_history(application)),
        results=tuple(results),
        # Unless HR names another, the new hire fills the seat the job was opened for.
        position_id=chosen.position_id if chosen.position_id is not None else job.position_id,
        manager_id=chosen.manager_id,
    )


def _files(application: Application) -> list[HiredFile]:
    candidate = application.candidate
    files = [
        HiredFile(
            kind="resume",
            title=resume.original_name,
            storage_name=resume.file.name,
            original_name=resume.original_name,
            content_type=resume.content_type,
            extension=resume.extension,
            size=resume.size,
            sha256=resume.sha256,
            origin_ref=f"recruiting.resume:{resume.pk}",
            uploaded_at=resume.created_at,
        )
        for resume in candidate.resumes.all()
    ]
    for document in candidate.documents.all():
        request = document.request
        files.append(
            HiredFile(
                kind=DOCUMENT_KINDS.get(request.kind, "other") if request else "other",
                title=request.label if request else document.original_name,
                storage_name=document.file.name,
                original_name=document.original_name,
                content_type=document.content_type,
                extension=document.extension,
                size=document.size,
                sha256=document.sha256,
                origin_ref=f"recruiting.document:{document.pk}",
                uploaded_at=document.uploaded_at,
            )
        )
    for letter_offer in application.offers.all():
        if not letter_offer.letter:
            continue
        files.append(
            HiredFile(
                kind="offer_letter",
                title=letter_offer.position_title,
                storage_name=letter_offer.letter.name,
                original_name=letter_offer.letter_name,
                content_type="application/pdf",
                extension=".pdf",
                size=letter_offer.letter_size,
                sha256=letter_offer.letter_sha256,
                origin_ref=f"recruiting.offer:{letter_offer.pk}",
                uploaded_at=letter_offer.created_at,
            )
        )
    return files


def _history(application: Application) -> list[HiredStep]:
    return [
        HiredStep(
            at=step.created_at,
            from_stage=step.from_stage.name if step.from_stage else "",
            to_stage=step.to_stage.name,
            from_status=step.from_status,
            to_status=step.to_status,
            actor_label=step.actor.full_name if step.actor else "",
            rule=step.rule,
            reason=step.reason,
        )
        for step in application.transitions.all()
    ]


def _results(
    application: Application,
    vendors: dict[str, str],
    dimension_ranks: dict[int, Rank],
    overall_ranks: dict[int, Rank],
) -> list[HiredResult]:
    results = []
    for assessment in application.assessments.all():
        overall, pool = overall_ranks.get(assessment.pk, (None, None))
        media = assessment.media or {}
        results.append(
            HiredResult(
                # Versioned: a result revised after the hire is new evidence beside the old.
                origin_ref=_result_ref(assessment),
                kind=assessment.kind,
                source=assessment.source,
                vendor_name=vendors.get(assessment.source, assessment.source),
                model_version=_model_version(assessment.raw),
                external_id=assessment.external_id,
                status=assessment.status,
                overall_score=assessment.overall_score,
                overall_raw=assessment.overall_raw,
                overall_scale=assessment.overall_scale,
                vendor_verdict=assessment.vendor_verdict,
                completed_at=assessment.completed_at,
                report_url=str(media.get("report_url") or ""),
                media=media,
                raw=assessment.raw or {},
                overall_percentile=overall,
                pool_size=pool,
                dimensions=tuple(
                    HiredDimension(
                        dimension_code=score.dimension.code if score.dimension else "",
                        vendor_key=score.vendor_key,
                        vendor_label=score.vendor_label,
                        score=score.score,
                        raw_score=score.raw_score,
                        raw_scale=score.raw_scale,
                        comment=score.comment,
                        pool_percentile=dimension_ranks.get(score.pk, (None, 0))[0],
                        pool_size=dimension_ranks.get(score.pk, (None, None))[1],
                    )
                    for score in assessment.dimension_scores.all()
                ),
            )
        )
    return results


def _result_ref(assessment: Assessment) -> str:
    version = assessment.content_hash[:16] if assessment.content_hash else ""
    return f"recruiting.assessment:{assessment.pk}" + (f"@{version}" if version else "")


def _vendor_names(assessments: Any) -> dict[str, str]:
    """{source key: "vendor name (connection name)"} for the vendors among the results."""
    uuids = set()
    for assessment in assessments:
        if assessment.source.startswith(SOURCE_KEY_PREFIX):
            try:
                uuids.add(uuid.UUID(assessment.source.removeprefix(SOURCE_KEY_PREFIX)))
            except ValueError:  # a source key no connection could have made
                continue
    if not uuids:
        return {}
    return {
        connection.source_key: connection.vendor
        for connection in VendorConnection.objects.filter(uuid__in=uuids)
    }


def _model_version(raw: Any) -> str:
    if not isinstance(raw, dict):
        return ""
    for key in MODEL_VERSION_KEYS:
        value = raw.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()[:80]
    return ""
