"""The candidate's data export: every field and file held about them, nothing of anyone
else, in a constant number of queries; and no model holding candidate data left out."""

import hashlib
import io
import json
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hrflow.core.errors import ApplicationError
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.services import outbox_enqueue
from recruiting.models import (
    Application,
    Assessment,
    AssessmentDimensionScore,
    Candidate,
    CandidateConsent,
    CandidateDocument,
    DocumentRequest,
    Interview,
    Note,
    Offer,
    PortalLoginLink,
    Resume,
    ScreeningAnswer,
    ScreeningDecision,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.privacy import export as candidate_data
from recruiting.privacy.export import (
    EXCLUDED_FIELDS,
    EXPORTED_MODELS,
    NOT_PERSONAL_DATA,
    WITHHELD_BODY,
    candidate_data_export,
    safe_file_name,
)
from recruiting.services.candidates import (
    candidate_merge,
)
from recruiting.services.resumes import resume_attach
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
)
from tests.recruiting.person_with_everything import (
    EMAIL,
    NAME,
    PHONE,
    person_with_everything,
)
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db


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
