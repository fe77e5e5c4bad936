"""A candidate with a row of every kind, for the export, erasure and screening tests.

Their name, e-mail and phone are copied into free text, vendor payloads and logs,
as real use leaves them, so a test can look for every trace of the person.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Model, Q
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.audit import audit_record
from hrflow.notifications.models import DeliveryAttempt, OutboxMessage
from hrflow.notifications.requests import message_requests_settle
from hrflow.notifications.services import outbox_enqueue
from integrations.contracts import RawRecord
from integrations.lanes import encode_records
from integrations.models import (
    DeadLetter,
    HeldPayload,
    IngestTrace,
    PulledBatch,
    SyncRun,
    VendorConnection,
    WebhookEvent,
)
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    CandidateConsent,
    CandidateDocument,
    DocumentRequest,
    Interview,
    Offer,
    Resume,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.questions.services import (
    QuestionSpec,
    screening_answers_store,
    screening_questions_save,
)
from recruiting.services.applications import (
    application_move,
    application_reject,
    application_withdraw,
)
from recruiting.services.candidates import (
    candidate_set_tags,
    candidate_update,
    note_add,
)
from recruiting.services.portal_access import portal_link_request
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
    reason,
    recruiter_for,
)
from tests.recruiting.services.test_resume_attach import pdf

# A person found nowhere else in the database.
NAME = "欧阳娜娜Zq"
EMAIL = "nana.ouyang.zq7@example.org"
PHONE = "13957319468"


@dataclass
class Person:
    candidate: Candidate
    hired: Application
    rejected: Application
    withdrawn: Application
    recruiter: User
    resume: Resume
    offer: Offer
    document: CandidateDocument
    assessment: Assessment


def _hire(application: Application) -> None:
    """What a hire leaves on an application (the hire itself is another service's)."""
    Application.objects.filter(pk=application.pk).update(status=Application.Status.HIRED)
    StageTransition.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=application.stage,
        from_status=Application.Status.ACTIVE,
        to_status=Application.Status.HIRED,
    )


def _stored(instance: Model, field: str, name: str, data: bytes) -> None:
    getattr(instance, field).save(name, ContentFile(data), save=False)
    instance.save()


def person_with_everything(name: str = NAME, email: str = EMAIL, phone: str = PHONE) -> Person:
    """A candidate with a row of every kind, their name, e-mail and phone copied into
    free text, vendor payloads and logs, as real use leaves them."""
    now = timezone.now()
    candidate = CandidateFactory(
        full_name=name, email=email, phone=phone, city="杭州", current_company="某某科技",
        current_title="数据分析师", education="浙江大学",
    )  # fmt: skip
    candidate_update(candidate=candidate, city="上海")
    candidate_set_tags(candidate=candidate, names=["数据", "Python"])
    hired, rejected, withdrawn = (ApplicationFactory(candidate=candidate) for _ in range(3))
    recruiter = recruiter_for(hired.job)
    second_stage = hired.job.stages.order_by("position")[1]
    hired = application_move(application=hired, to_stage=second_stage, actor=recruiter)
    _hire(hired)
    application_reject(application=rejected, reason=reason(), note=f"{name} wants more")
    application_withdraw(application=withdrawn, note="found another job")
    resume = resume_attach(candidate=candidate, name=f"{name}简历.pdf", data=pdf(f"CV {email}"))
    note_add(candidate=candidate, body=f"Called {name} on {phone}", author=recruiter)
    interview = Interview.objects.create(
        application=hired, kind=Interview.Kind.PHONE, starts_at=now - timedelta(days=3),
        status=Interview.Status.COMPLETED, candidate_note=f"{name}: call me on {phone}",
        note_for_candidate=f"Dear {name}",
    )  # fmt: skip
    interview.interviewers.add(recruiter)
    assessment = Assessment.objects.create(
        application=hired, kind=Assessment.Kind.AI_INTERVIEW, status=Assessment.Status.COMPLETED,
        source="conn:test", external_id=f"res-{candidate.pk}", overall_score=Decimal("81.50"),
        raw={"candidate": {"email": email.upper(), "name": name, "mobile": "139-5731-9468"}},
        media={"transcript": f"我叫{name}"}, invite_url=f"https://ai.example.com/i?u={email}",
        completed_at=now,
    )  # fmt: skip
    AssessmentDimensionScore.objects.create(
        assessment=assessment, dimension=Dimension.objects.get(code="communication"),
        vendor_key="comm", score=Decimal("80"), raw_score="4", raw_scale="1-5",
        comment=f"{name} speaks clearly",
    )  # fmt: skip
    rule = ScreeningRule.objects.create(job=hired.job, name="AI gate")
    version = ScreeningRuleVersion.objects.create(
        rule=rule, number=1, parts=[{"source": "ai_interview", "weight": "1"}],
        missing_policy="reweight", advance_at=Decimal("70"), advance_to=second_stage,
    )  # fmt: skip
    ScreeningDecision.objects.create(
        application=hired, version=version, composite=Decimal("81.50"), outcome="advance",
        state="applied", inputs={"parts": [{"key": "ai_interview", "score": "81.50"}]},
        note=f"{name} is strong",
    )  # fmt: skip
    letter = pdf("offer letter")
    offer = Offer(
        application=hired, status=Offer.Status.ACCEPTED, position_title="数据分析师",
        salary="25k x 14", start_date=now.date(), message=f"Dear {name}, welcome",
        letter_name=f"{name}_offer.pdf", letter_size=len(letter),
        letter_sha256=hashlib.sha256(letter).hexdigest(), responded_at=now,
        signature_name=name, response_ip_hash="b" * 64,
    )  # fmt: skip
    _stored(offer, "letter", "offer.pdf", letter)
    request = DocumentRequest.objects.create(
        application=hired, kind="id_document", label="身份证", note=f"{name}, your ID please"
    )
    scan = pdf("id card")
    document = CandidateDocument(
        candidate=candidate, request=request, original_name=f"../{name}_身份证.pdf",
        content_type="application/pdf", extension=".pdf", size=len(scan),
        sha256=hashlib.sha256(scan).hexdigest(),
    )  # fmt: skip
    _stored(document, "file", "upload.pdf", scan)
    CandidateConsent.objects.create(
        candidate=candidate, application=hired, kind="data_processing", notice_version="2025-01",
        ip_hash="a" * 64,
    )  # fmt: skip
    SelfIdentification.objects.create(candidate=candidate, gender="female", age_band="25_34")
    SurveyResponse.objects.create(
        application=hired, moment="after_decision", rating=4, comment=f"谢谢 {name}"
    )
    [question] = screening_questions_save(
        job=hired.job, questions=[QuestionSpec(text="How can we reach you?", kind="short_text")],
        actor=recruiter,
    )  # fmt: skip
    screening_answers_store(application=hired, answers={question.pk: f"{email} / {phone}"})
    portal_link_request(email=email, ip="127.0.0.1", session_key="browser-1")
    message_requests_settle()  # the worker's half: the link and its e-mail
    _deliver_what_is_due(candidate)
    _staff_traces(candidate, offer, recruiter, name, email, phone)
    _vendor_traces(candidate, name, email, phone)
    return Person(
        candidate, hired, rejected, withdrawn, recruiter, resume, offer, document, assessment
    )


def _deliver_what_is_due(candidate: Candidate) -> None:
    """What the delivery loop leaves: messages due now sent, a held rejection waiting."""
    now = timezone.now()
    OutboxMessage.objects.filter(candidate_ref=candidate.pk).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    ).update(status=OutboxMessage.Status.SENT, sent_at=now, attempts=1)


def _staff_traces(
    candidate: Candidate, offer: Offer, recruiter: User, name: str, email: str, phone: str
) -> None:
    outbox_enqueue(
        idempotency_key=f"offer_answered:{offer.pk}:{recruiter.pk}",
        channel="email",
        event="offer_answered",
        recipient=recruiter.email,
        subject=f"{name} accepted the offer",
        body=f"{name} ({email}) accepted.",
        variables={"candidate_name": name},
    )
    message = OutboxMessage.objects.filter(candidate_ref=candidate.pk).first()
    DeliveryAttempt.objects.create(
        message=message, number=1, started_at=timezone.now(), outcome="failed",
        detail=f"550 <{email}> mailbox full",
    )  # fmt: skip
    audit_record(
        actor=recruiter,
        action="recruiting.contact_checked",
        target=offer.application,
        changes={"contact": [email, f"+86 {phone}"]},
    )
    LogEntry.objects.create(
        user=recruiter, content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk), object_repr=name, action_flag=CHANGE,
        change_message=f"changed e-mail to {email}",
    )  # fmt: skip


def _vendor_traces(candidate: Candidate, name: str, email: str, phone: str) -> None:
    connection_ = VendorConnection.objects.create(
        name=f"Sim {candidate.pk}", vendor="vuesim", base_url="http://127.0.0.1:9/",
        backfill_from=timezone.now(),
    )  # fmt: skip
    event = WebhookEvent.objects.create(
        connection=connection_, event_id=f"evt-{candidate.pk}", subject_external_id="unmatched-1",
        payload={"candidate": {"email": email, "name": name}}, status="quarantined",
    )  # fmt: skip
    HeldPayload.objects.create(
        connection=connection_, kind="unmatched", origin="webhook", webhook_event=event,
        external_result_id="unmatched-1", candidate_email=email,
        reason=f"no application for {email}",
        raw=json.dumps({"email": email, "name": name}, ensure_ascii=False).encode(),
    )  # fmt: skip
    IngestTrace.objects.create(
        connection=connection_, external_result_id="unmatched-1", origin="webhook",
        outcome="unmatched", detail=f"no candidate {name} / 139-5731-9468",
    )  # fmt: skip
    run = SyncRun.objects.create(connection=connection_, trigger="schedule", status="running")
    records = [
        RawRecord(f"p-{candidate.pk}", None, 1, {"email": email, "tel": phone}, email),
        RawRecord("p-other", None, 1, {"email": "someone.else@example.com"}, "someone.else"),
    ]
    PulledBatch.objects.create(
        connection=connection_, sync_run=run, lane=0, records=encode_records(records), count=2
    )
    DeadLetter.objects.create(
        connection=connection_, kind="webhook", reference=f"evt for {email}",
        error=f"cannot match {name}",
    )  # fmt: skip
