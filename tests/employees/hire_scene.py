"""An application ready to hire, with a row of everything a hire must carry.

Built through the services where they exist (apply, move, notes, resumes, offers),
so what the hire reads is what real use leaves. Used by the hire tests, the
benchmark and the browser walk.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    CandidateConsent,
    CandidateDocument,
    DocumentRequest,
    Offer,
    StageKind,
)
from recruiting.services.applications import application_move
from recruiting.services.candidates import note_add
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import ApplicationFactory, JobFactory, recruiter_for
from tests.recruiting.resume_pdfs import text_pdf

AI_DIMENSIONS = (
    ("communication", "沟通表达", "4.5", "1-5", Decimal("90")),
    ("logical_thinking", "逻辑思维", "3", "1-5", Decimal("60")),
    ("safety_awareness", "安全意识", "2", "1-5", Decimal("40")),
    ("teamwork", "团队协作", "78", "0-100", Decimal("78")),
    ("hands_on_ability", "动手能力", "0.85", "0-1", Decimal("85")),
)


@dataclass
class HireScene:
    application: Application
    recruiter: User
    offer: Offer
    ai: Assessment
    written: Assessment
    scorecard: Assessment


def media_files() -> set[str]:
    """Every stored file, to show a failed hire left no copy behind."""
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def pdf_bytes(text: str) -> bytes:
    return text_pdf([text])


def hire_scene(*, job=None, start_in_days: int = 14, files: bool = True) -> HireScene:  # type: ignore[no-untyped-def]
    """One candidate at the offer stage with an accepted offer and a full record."""
    job = job or JobFactory()
    application = ApplicationFactory(job=job)
    recruiter = job.recruiters.first() or recruiter_for(job)
    candidate = application.candidate
    stages = list(job.stages.order_by("position"))
    offer_stage = next(stage for stage in stages if stage.kind == StageKind.OFFER)
    middle = next(stage for stage in stages if stage.kind == StageKind.AI_INTERVIEW)
    application = application_move(application=application, to_stage=middle, actor=recruiter)
    now = timezone.now()
    ai = Assessment.objects.create(
        application=application, kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED, source="conn:test",
        external_id=f"ai-{application.pk}", overall_score=Decimal("72.50"), overall_raw="72.5",
        overall_scale="0-100", vendor_verdict=Assessment.Verdict.PASS,
        raw={"model_version": "v3.2", "candidate": {"name": candidate.full_name}},
        media={"report_url": f"https://ai.example.com/report/{application.pk}",
               "videos": [{"url": f"https://ai.example.com/v/{application.pk}/1"}]},
        completed_at=now - timedelta(days=20),
    )  # fmt: skip
    AssessmentDimensionScore.objects.bulk_create(
        AssessmentDimensionScore(
            assessment=ai,
            dimension=Dimension.objects.get(code=code),
            vendor_key=label,
            vendor_label=label,
            score=score,
            raw_score=raw,
            raw_scale=scale,
        )
        for code, label, raw, scale, score in AI_DIMENSIONS
    )
    written = Assessment.objects.create(
        application=application, kind=Assessment.Kind.WRITTEN_TEST,
        status=Assessment.Status.COMPLETED, source="manual", external_id=f"wt-{application.pk}",
        overall_score=Decimal("66"), overall_raw="66", overall_scale="0-100",
        completed_at=now - timedelta(days=15),
    )  # fmt: skip
    scorecard = Assessment.objects.create(
        application=application, kind=Assessment.Kind.INTERVIEW_FEEDBACK,
        status=Assessment.Status.COMPLETED, source="scorecard",
        external_id=f"sc-{application.pk}", overall_score=Decimal("80"),
        vendor_verdict=Assessment.Verdict.PASS, completed_at=now - timedelta(days=10),
    )  # fmt: skip
    AssessmentDimensionScore.objects.create(
        assessment=scorecard, dimension=Dimension.objects.get(code="professional_skill"),
        vendor_key="professional_skill", score=Decimal("80"), raw_score="4", raw_scale="1-5",
        comment="扎实",
    )  # fmt: skip
    application = application_move(application=application, to_stage=offer_stage, actor=recruiter)
    if files:
        resume_attach(candidate=candidate, name="简历.pdf", data=pdf_bytes(f"CV {candidate.pk}"))
        resume_attach(candidate=candidate, name="简历-英文.pdf", data=pdf_bytes("CV en"))
        request = DocumentRequest.objects.create(
            application=application, kind="id_document", label="身份证"
        )
        scan = pdf_bytes(f"ID {candidate.pk}")
        document = CandidateDocument(
            candidate=candidate, request=request, original_name="身份证.pdf",
            content_type="application/pdf", extension=".pdf", size=len(scan),
            sha256=hashlib.sha256(scan).hexdigest(),
        )  # fmt: skip
        document.file.save("upload.pdf", ContentFile(scan), save=False)
        document.save()
    note_add(candidate=candidate, body="电话沟通：可以两周内到岗", author=recruiter)
    note_add(candidate=candidate, body="期望薪资 25k", author=recruiter)
    CandidateConsent.objects.create(
        candidate=candidate, application=application, kind="data_processing",
        notice_version="2025-01", ip_hash="a" * 64,
    )  # fmt: skip
    CandidateConsent.objects.create(
        candidate=candidate, application=application, kind="ai_assessment",
        notice_version="2025-03", ip_hash="a" * 64,
    )  # fmt: skip
    letter = pdf_bytes("offer letter")
    offer = Offer(
        application=application, status=Offer.Status.ACCEPTED, position_title="后端开发工程师",
        salary="25k x 14", start_date=timezone.localdate() + timedelta(days=start_in_days),
        letter_name="offer.pdf", letter_size=len(letter),
        letter_sha256=hashlib.sha256(letter).hexdigest(), responded_at=now,
        signature_name=candidate.full_name,
    )  # fmt: skip
    offer.letter.save("offer.pdf", ContentFile(letter), save=False)
    offer.save()
    return HireScene(application, recruiter, offer, ai, written, scorecard)
