"""The candidate's data export: every field and file held about them, nothing of anyone
else, in a constant number of queries; and no model holding candidate data left out."""

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Model, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
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
    Dimension,
    DocumentRequest,
    Interview,
    Note,
    Offer,
    PortalLoginLink,
    Resume,
    ScreeningAnswer,
    ScreeningDecision,
    ScreeningRule,
    ScreeningRuleVersion,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.services import candidate_data
from recruiting.services.applications import (
    application_move,
    application_reject,
    application_withdraw,
)
from recruiting.services.candidate_data import (
    EXCLUDED_FIELDS,
    EXPORTED_MODELS,
    NOT_PERSONAL_DATA,
    WITHHELD_BODY,
    candidate_data_export,
    safe_file_name,
)
from recruiting.services.candidates import (
    candidate_merge,
    candidate_set_tags,
    candidate_update,
    note_add,
)
from recruiting.services.portal_access import portal_link_request
from recruiting.services.resumes import resume_attach
from recruiting.services.screening_questions import (
    QuestionSpec,
    screening_answers_store,
    screening_questions_save,
)
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
    reason,
    recruiter_for,
)
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db

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


def unzip(archive: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        files = {name: opened.read(name) for name in opened.namelist()}
    return json.loads(files.pop("data.json").decode("utf-8")), files


def _expected_keys(model: type[Model]) -> set[str]:
    excluded = EXCLUDED_FIELDS.get(model, {})
    return {f.attname for f in model._meta.concrete_fields if f.name not in excluded}


def test_every_field_of_every_row_is_exported():
    """Each section holds the person's rows with every concrete field but the listed ones."""
    person = person_with_everything()
    data, _files = unzip(candidate_data_export(person.candidate))
    ids = [person.candidate.pk]
    expected = {
        "resumes": Resume.objects.filter(candidate__in=ids),
        "notes": Note.objects.filter(candidate__in=ids),
        "applications": Application.objects.filter(candidate__in=ids),
        "stage_transitions": StageTransition.objects.filter(application__candidate__in=ids),
        "assessments": Assessment.objects.filter(application__candidate__in=ids),
        "assessment_dimension_scores": AssessmentDimensionScore.objects.filter(
            assessment__application__candidate__in=ids
        ),
        "screening_decisions": ScreeningDecision.objects.filter(application__candidate__in=ids),
        "interviews": Interview.objects.filter(application__candidate__in=ids),
        "offers": Offer.objects.filter(application__candidate__in=ids),
        "document_requests": DocumentRequest.objects.filter(application__candidate__in=ids),
        "documents": CandidateDocument.objects.filter(candidate__in=ids),
        "consents": CandidateConsent.objects.filter(candidate__in=ids),
        "self_identification": SelfIdentification.objects.filter(candidate__in=ids),
        "survey_responses": SurveyResponse.objects.filter(application__candidate__in=ids),
        "screening_answers": ScreeningAnswer.objects.filter(application__candidate__in=ids),
        "messages": OutboxMessage.objects.filter(candidate_ref__in=ids, status="sent"),
        "portal_sign_in_links": PortalLoginLink.objects.filter(candidate__in=ids),
    }
    for section, rows in expected.items():
        exported = data[section]
        assert sorted(row["id"] for row in exported) == sorted(rows.values_list("pk", flat=True))
        assert exported, section
        for row in exported:
            assert _expected_keys(rows.model) <= set(row), section
            assert not set(row) & set(EXCLUDED_FIELDS.get(rows.model, {})), section
    assert _expected_keys(Candidate) <= set(data["candidate"])
    assert "search_vector" not in data["candidate"]
    assert data["candidate"]["full_name"] == NAME
    assert data["candidate"]["email"] == EMAIL
    assert data["candidate"]["city"] == "上海"
    assert data["tags"] == ["Python", "数据"]
    assert data["notes"][0]["body"] == f"Called {NAME} on {PHONE}"
    assessment = next(row for row in data["assessments"] if row["id"] == person.assessment.pk)
    assert assessment["raw"]["candidate"]["name"] == NAME
    assert assessment["overall_score"] == "81.50"
    assert {row["job_title"] for row in data["applications"]} == set(
        Application.objects.filter(candidate=person.candidate).values_list("job__title", flat=True)
    )
    assert data["self_identification"][0]["gender"] == "female"
    assert data["offers"][0]["signature_name"] == NAME
    assert "token_hash" not in data["portal_sign_in_links"][0]


def test_the_files_themselves_are_in_the_zip_under_safe_unique_names():
    person = person_with_everything()
    data, files = unzip(candidate_data_export(person.candidate))
    resume_path = f"files/resumes/{person.resume.pk}-{NAME}简历.pdf"
    document_path = f"files/documents/{person.document.pk}-{NAME}_身份证.pdf"
    offer_path = f"files/offers/{person.offer.pk}-{NAME}_offer.pdf"
    assert set(files) == {resume_path, document_path, offer_path}
    assert files[resume_path] == person.resume.file.open("rb").read()
    assert files[document_path] == person.document.file.open("rb").read()
    assert hashlib.sha256(files[offer_path]).hexdigest() == person.offer.letter_sha256
    assert data["resumes"][0]["export_file"] == resume_path
    assert data["documents"][0]["export_file"] == document_path


def test_sign_in_links_in_messages_are_withheld():
    """The export file may travel: a working sign-in link must not be in it."""
    person = person_with_everything()
    data, _files = unzip(candidate_data_export(person.candidate))
    links = [row for row in data["messages"] if row["event"] == "magic_link"]
    assert links
    assert all(row["body"] == WITHHELD_BODY for row in links)
    assert "/portal/in/" not in json.dumps(data)
    assert "idempotency_key" not in links[0]


def test_messages_not_yet_sent_are_left_out():
    """A rejection held for its delay (or a message cancelled, or one that failed) has not
    reached the person: the download must not tell them before the message does."""
    person = person_with_everything()
    held = OutboxMessage.objects.get(
        candidate_ref=person.candidate.pk, event="rejected", channel="email"
    )
    assert held.status == OutboxMessage.Status.PENDING
    assert held.not_before > timezone.now()
    sent = set(
        OutboxMessage.objects.filter(candidate_ref=person.candidate.pk, status="sent").values_list(
            "pk", flat=True
        )
    )
    others = {
        status: outbox_enqueue(
            idempotency_key=f"probe:{status}", channel="email", event="interview_changed",
            recipient=EMAIL, subject=f"probe {status}", candidate_ref=person.candidate.pk,
        )[0]
        for status in ("cancelled", "failed", "sending", "uncertain")
    }  # fmt: skip
    for status, message in others.items():
        OutboxMessage.objects.filter(pk=message.pk).update(status=status)

    data, _files = unzip(candidate_data_export(person.candidate))

    exported = {row["id"] for row in data["messages"]}
    assert exported == sent | {others["uncertain"].pk}
    assert held.pk not in exported
    assert not any(row["event"] == "rejected" for row in data["messages"])
    assert candidate_data.candidate_data_summary(person.candidate)["messages"] == len(exported)


def test_nothing_of_another_candidate_is_exported():
    person = person_with_everything()
    other = person_with_everything(
        name="司马青Yx", email="qing.sima.yx@example.org", phone="13957311111"
    )
    data, _files = unzip(candidate_data_export(person.candidate))
    text = json.dumps(data, ensure_ascii=False)
    assert other.candidate.email not in text
    assert "司马青Yx" not in text
    assert EMAIL in text


def test_records_merged_into_the_candidate_are_part_of_the_export():
    keep = CandidateFactory()
    older = CandidateFactory(email="older.address@example.org")
    CandidateConsent.objects.create(candidate=older, kind="data_processing", notice_version="v0")
    candidate_merge(keep=keep, merge=older)
    data, _files = unzip(candidate_data_export(keep))
    assert [row["email"] for row in data["merged_records"]] == ["older.address@example.org"]
    assert [row["candidate_id"] for row in data["consents"]] == [older.pk]


def _export_queries(applications: int) -> int:
    candidate = CandidateFactory()
    for _ in range(applications):
        application = ApplicationFactory(candidate=candidate)
        Assessment.objects.create(
            application=application, kind="written_test", status="completed", source="manual",
            external_id=f"wt-{application.pk}", overall_score=Decimal("60"),
        )  # fmt: skip
        resume_attach(candidate=candidate, name="cv.pdf", data=pdf(f"cv {application.pk}"))
    with CaptureQueriesContext(connection) as queries:
        candidate_data_export(candidate)
    return len(queries)


def test_the_export_costs_the_same_queries_for_one_or_many_applications():
    assert _export_queries(1) == _export_queries(4)


def test_an_export_over_the_size_limit_is_refused(monkeypatch):
    person = person_with_everything()
    monkeypatch.setattr(candidate_data, "MAX_EXPORT_FILE_BYTES", person.resume.size)
    with pytest.raises(ApplicationError, match="MB"):
        candidate_data_export(person.candidate)


def test_a_stored_file_larger_than_its_row_says_is_refused(monkeypatch):
    """The budget is also checked while copying: a row cannot under-declare a file."""
    person = person_with_everything()
    Resume.objects.filter(pk=person.resume.pk).update(size=1)
    total = 1 + person.document.size + person.offer.letter_size
    monkeypatch.setattr(candidate_data, "MAX_EXPORT_FILE_BYTES", total)
    with pytest.raises(ApplicationError):
        candidate_data_export(person.candidate)


def test_a_file_missing_from_storage_is_noted_not_fatal():
    person = person_with_everything()
    person.resume.file.storage.delete(person.resume.file.name)
    _data, files = unzip(candidate_data_export(person.candidate))
    assert f"files/resumes/{person.resume.pk}-{NAME}简历.pdf.missing.txt" in files


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("...", "stored.bin"),
        ("简历.pdf", "简历.pdf"),
    ],
)
def test_file_names_are_sanitised(name, safe):
    assert safe_file_name(name, "x/stored.bin") == safe


def _relations(model: type[Model]) -> list[tuple[str, type[Model]]]:
    related = [
        (f"{model.__name__}.{rel.get_accessor_name()}", rel.related_model)
        for rel in model._meta.related_objects
    ]
    related += [
        (f"{model.__name__}.{field.name}", field.related_model)
        for field in model._meta.get_fields()
        if field.is_relation and not field.auto_created
    ]
    return [(where, target) for where, target in related if isinstance(target, type)]


def test_every_model_holding_candidate_data_is_exported_or_explained():
    """Walk every relation from Candidate (reverse and forward, to any depth through the
    exported models): each model reached is exported or on the not-personal list."""
    seen, todo, unknown = set(), [Candidate], []
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for where, target in _relations(model):
            if target in EXPORTED_MODELS:
                todo.append(target)
            elif target not in NOT_PERSONAL_DATA:
                unknown.append(f"{where} -> {target._meta.label}")
    assert not unknown, "export these or say in NOT_PERSONAL_DATA why not: " + ", ".join(
        sorted(set(unknown))
    )
    assert set(EXPORTED_MODELS) <= seen | {OutboxMessage}, "listed but unreachable"
    for reason_text in NOT_PERSONAL_DATA.values():
        assert len(reason_text) > 20
