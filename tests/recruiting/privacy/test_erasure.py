"""Erasure: at once or after HR's decision; afterwards no table holds the person's name,
e-mail or phone, their files are gone, and every report count is what it was."""

from collections import Counter

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.requests import message_requests_settle
from hrflow.notifications.services import outbox_enqueue
from integrations.lanes import decode_records
from integrations.models import HeldPayload, PulledBatch, WebhookEvent
from recruiting.models import (
    Application,
    Assessment,
    Candidate,
    CandidateConsent,
    DeletionRequest,
    Offer,
    PortalLoginLink,
    Resume,
    ScreeningDecision,
    SelfIdentification,
    StageTransition,
    SurveyResponse,
)
from recruiting.privacy.erasure import (
    ERASED_NAME,
    candidate_erase,
    deletion_request_create,
    deletion_request_decide,
)
from recruiting.services.applications import application_withdraw
from recruiting.services.candidates import candidate_merge
from recruiting.services.portal_access import portal_link_request
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, recruiter_for
from tests.recruiting.person_with_everything import EMAIL, NAME, PHONE, person_with_everything

pytestmark = pytest.mark.django_db

TEXT_COLUMNS = {"CharField", "TextField", "SlugField", "FileField", "JSONField"}


@pytest.fixture(autouse=True)
def _english():
    """The refusals below are matched in English (the default language is Chinese)."""
    with translation.override("en"):
        yield


def rows_mentioning(*texts: str) -> dict[str, int]:
    """Every table of the database (auto-created M2M tables too) searched in every text
    and JSON column for any of `texts`: {model: rows found}."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        columns = [f for f in model._meta.concrete_fields if f.get_internal_type() in TEXT_COLUMNS]
        annotations = {
            f"{f.attname}__as_text": Cast(f.attname, TextField())
            for f in columns
            if isinstance(f, models.JSONField)
        }
        condition = Q()
        for field in columns:
            column = (
                f"{field.attname}__as_text"
                if field.attname + "__as_text" in annotations
                else field.attname
            )
            for text in texts:
                condition |= Q(**{f"{column}__icontains": text})
        if not condition:
            continue
        count = model._base_manager.annotate(**annotations).filter(condition).count()
        if count:
            found[model._meta.label] = count
    return found


def report_counts(jobs: list[int]) -> dict[str, object]:
    """What the funnel and score reports read: kept by the erasure."""
    applications = Application.objects.filter(job__in=jobs)
    return {
        "per_job_status": Counter(applications.values_list("job_id", "status")),
        "per_stage": Counter(applications.values_list("stage_id", flat=True)),
        "transitions": StageTransition.objects.filter(application__in=applications).count(),
        "transition_moves": sorted(
            StageTransition.objects.filter(application__in=applications).values_list(
                "from_stage_id", "to_stage_id", "to_status"
            ),
            key=str,
        ),
        "scores": sorted(
            Assessment.objects.filter(application__in=applications).values_list(
                "kind", "overall_score"
            )
        ),
        "decisions": sorted(
            ScreeningDecision.objects.filter(application__in=applications).values_list(
                "outcome", "composite"
            )
        ),
        "ratings": sorted(
            SurveyResponse.objects.filter(application__in=applications).values_list(
                "rating", flat=True
            )
        ),
        "consents": CandidateConsent.objects.filter(application__in=applications).count(),
        "offers": sorted(Offer.objects.filter(application__in=applications).values_list("status")),
    }


def test_erasure_leaves_no_trace_of_the_person_in_any_table(django_capture_on_commit_callbacks):
    """The key test: a person with everything, erased at once (nothing in progress)."""
    # given a person with a row of every kind, and a bystander with their own data
    person = person_with_everything()
    bystander = person_with_everything(
        name="司马青Yx", email="qing.sima.yx@example.org", phone="13957311111"
    )
    assert rows_mentioning(NAME, EMAIL, PHONE)  # the search does find them before
    jobs = list(Application.objects.values_list("job_id", flat=True).distinct())
    before = report_counts(jobs)
    files = [
        (person.resume.file.storage, person.resume.file.name),
        (person.document.file.storage, person.document.file.name),
        (person.offer.letter.storage, person.offer.letter.name),
    ]
    assert all(storage.exists(name) for storage, name in files)

    # when they ask for erasure
    with django_capture_on_commit_callbacks(execute=True):
        request = deletion_request_create(candidate=person.candidate)

    # then nothing anywhere names them, in any spelling of the phone
    assert request.status == DeletionRequest.Status.DONE
    assert request.decided_by is None
    assert request.decided_at is not None
    assert rows_mentioning(NAME, EMAIL, PHONE, "139-5731-9468", f"+86 {PHONE}") == {}
    assert not any(storage.exists(name) for storage, name in files)
    # and what reports count is unchanged
    assert report_counts(jobs) == before
    candidate = Candidate.objects.get(pk=person.candidate.pk)
    assert candidate.full_name == ERASED_NAME.format(pk=candidate.pk)
    assert (candidate.email, candidate.phone, candidate.city, candidate.name_pinyin) == (
        "", "", "", ""
    )  # fmt: skip
    assert candidate.erased_at is not None
    assert candidate.search_vector is None
    assert not candidate.notify_by_email
    assert not candidate.notify_by_sms
    assert not candidate.tags.exists()
    assert not Resume.objects.filter(candidate=candidate).exists()
    assert not PortalLoginLink.objects.filter(candidate=candidate).exists()
    assert not SelfIdentification.objects.filter(candidate=candidate).exists()
    consent = CandidateConsent.objects.get(candidate=candidate)
    assert (consent.kind, consent.notice_version, consent.ip_hash) == (
        "data_processing", "2025-01", ""
    )  # fmt: skip
    assessment = Assessment.objects.get(pk=person.assessment.pk)
    assert (assessment.raw, assessment.media, assessment.invite_url) == ({}, {}, "")
    assert not Application.objects.filter(candidate=candidate, archived_at__isnull=False).exists()
    # unsent messages to the person are cancelled; sent ones keep their status
    theirs = OutboxMessage.objects.filter(candidate_ref=candidate.pk)
    assert not theirs.filter(status=OutboxMessage.Status.PENDING).exists()
    assert set(theirs.values_list("recipient", "body").distinct()) == {("", "")}
    # vendor payloads about them are gone; the bystander's pulled record stays
    assert not HeldPayload.objects.filter(candidate_email=EMAIL).exists()
    assert WebhookEvent.objects.get(event_id=f"evt-{candidate.pk}").payload is None
    batch = PulledBatch.objects.get(connection__name=f"Sim {candidate.pk}")
    assert [r.external_result_id for r in decode_records(bytes(batch.records))] == ["p-other"]
    # the audit trail keeps who did what, and records the erasure
    erase = AuditEvent.objects.get(action="recruiting.candidate_erase")
    assert erase.target_label == ERASED_NAME.format(pk=candidate.pk)
    assert AuditEvent.objects.filter(action="recruiting.candidate_create").count() == 2
    # the bystander is untouched
    assert rows_mentioning("司马青Yx", "qing.sima.yx@example.org")
    assert Candidate.objects.get(pk=bystander.candidate.pk).email == "qing.sima.yx@example.org"
    assert Resume.objects.filter(candidate=bystander.candidate).exists()
    assert bystander.resume.file.storage.exists(bystander.resume.file.name)


def test_the_erased_person_cannot_sign_in_any_more():
    application = ApplicationFactory()
    candidate = application.candidate
    application_withdraw(application=application)
    client = portal_client(candidate)
    deletion_request_create(candidate=candidate)
    # an open session ends, and asking for a new link sends nothing
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert "/portal/sign-in/" in response["Location"]
    portal_link_request(email=application.candidate.email, ip="127.0.0.1", session_key="s")
    message_requests_settle()
    assert not PortalLoginLink.objects.exists()


def test_an_active_process_makes_a_pending_request_and_tells_the_recruiters():
    application = ApplicationFactory()
    recruiter = recruiter_for(application.job)
    request = deletion_request_create(candidate=application.candidate)
    assert request.status == DeletionRequest.Status.PENDING
    notice = OutboxMessage.objects.get(
        idempotency_key=f"deletion_request:{request.pk}:{recruiter.pk}"
    )
    assert notice.recipient == recruiter.email
    assert notice.event == "deletion_requested"
    assert application.candidate.full_name in notice.subject
    assert "/recruiting/deletion-requests/" in notice.body
    candidate = Candidate.objects.get(pk=application.candidate.pk)
    assert candidate.erased_at is None
    assert candidate.email


def test_without_recruiters_the_hr_admins_are_told():
    application = ApplicationFactory()
    admin = UserFactory(roles=[Role.HR_ADMIN])
    request = deletion_request_create(candidate=application.candidate)
    assert OutboxMessage.objects.filter(
        idempotency_key=f"deletion_request:{request.pk}:{admin.pk}"
    ).exists()


def test_an_offer_waiting_for_an_answer_also_needs_hr():
    person = person_with_everything()
    Offer.objects.filter(pk=person.offer.pk).update(status=Offer.Status.SENT)
    request = deletion_request_create(candidate=person.candidate)
    assert request.status == DeletionRequest.Status.PENDING


def test_one_pending_request_at_a_time():
    application = ApplicationFactory()
    deletion_request_create(candidate=application.candidate)
    with pytest.raises(ApplicationError, match="already asked"):
        deletion_request_create(candidate=application.candidate)
    assert DeletionRequest.objects.filter(candidate=application.candidate).count() == 1


def test_hr_confirms_ends_the_process_then_erases(django_capture_on_commit_callbacks):
    person = person_with_everything()
    active = ApplicationFactory(candidate=person.candidate)
    Offer.objects.filter(pk=person.offer.pk).update(status=Offer.Status.SENT)
    request = deletion_request_create(candidate=person.candidate)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        decided = deletion_request_decide(request=request, confirm=True, actor=hr)
    assert decided.status == DeletionRequest.Status.DONE
    assert decided.decided_by == hr
    assert Application.objects.get(pk=active.pk).status == Application.Status.WITHDRAWN
    assert Offer.objects.get(pk=person.offer.pk).status == Offer.Status.WITHDRAWN
    assert Candidate.objects.get(pk=person.candidate.pk).erased_at is not None
    # the recruiters' notice about the request no longer names the person
    assert rows_mentioning(NAME, EMAIL, PHONE) == {}


def test_hr_declines_with_a_note_the_candidate_reads():
    application = ApplicationFactory()
    request = deletion_request_create(candidate=application.candidate)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    with pytest.raises(ApplicationError, match="why"):
        deletion_request_decide(request=request, confirm=False, note="  ", actor=hr)
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.PENDING
    decided = deletion_request_decide(
        request=request, confirm=False, note="合同签署中 / contract being signed", actor=hr
    )
    assert decided.status == DeletionRequest.Status.DECLINED
    assert decided.decision_note == "合同签署中 / contract being signed"
    assert Candidate.objects.get(pk=application.candidate.pk).erased_at is None
    with pytest.raises(ApplicationError, match="already been decided"):
        deletion_request_decide(request=request, confirm=True, actor=hr)


def test_the_erasure_itself_refuses_while_a_process_is_active():
    application = ApplicationFactory()
    with pytest.raises(ApplicationError, match="active"):
        candidate_erase(candidate=application.candidate, actor=None)
    assert Candidate.objects.get(pk=application.candidate.pk).erased_at is None


def test_records_merged_into_the_person_are_erased_too():
    keep = CandidateFactory(full_name="上官婉Qr", email="wan.shangguan.qr@example.org")
    older = CandidateFactory(
        full_name="上官婉Qr", email="old.wan.qr@example.org", phone="13957312222"
    )
    candidate_merge(keep=keep, merge=older)
    deletion_request_create(candidate=keep)
    assert Candidate.objects.get(pk=older.pk).erased_at is not None
    assert rows_mentioning("上官婉Qr", "old.wan.qr@example.org", "13957312222") == {}


def test_a_common_name_is_erased_only_where_it_is_about_the_person():
    """Another live candidate shares the name: their rows keep it; ours lose it."""
    person = person_with_everything(name="王芳", email="fang.w.77@example.org", phone="13957313333")
    namesake = CandidateFactory(full_name="王芳", email="other.fang@example.org")
    outbox_enqueue(
        idempotency_key="about-the-namesake",
        channel="email",
        event="offer_answered",
        recipient="hr@example.org",
        subject="王芳 accepted the offer",
    )
    deletion_request_create(candidate=person.candidate)
    assert OutboxMessage.objects.get(idempotency_key="about-the-namesake").subject.startswith(
        "王芳"
    )
    assert Candidate.objects.get(pk=namesake.pk).full_name == "王芳"
    assert rows_mentioning("fang.w.77@example.org", "13957313333") == {}
    # their own audit entry (its label was their name) no longer carries it
    created = AuditEvent.objects.get(
        action="recruiting.candidate_create", target_id=str(person.candidate.pk)
    )
    assert created.target_label == ERASED_NAME.format(pk=person.candidate.pk)
