"""The portal's IDOR matrix: a candidate reaches only their own data.

Checks docs/RELIABILITY.md row 18 (issue 6).

Two candidates with everything the portal shows (an application in the offer
stage, an interview, an offer with its letter, a document request with a file, a
finished AI interview with its survey due). Signed in as the first, every portal
URL that takes an id is opened with the second's ids, by GET and by POST: each
answers 404, shows nothing of the second, and changes nothing. The same URLs with
the first's own ids answer, so the 404s are about ownership, not broken URLs.
The pages without ids show only the first candidate's data.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from recruiting.models import (
    Application,
    Assessment,
    CandidateDocument,
    DocumentRequest,
    Interview,
    Offer,
    StageKind,
    SurveyResponse,
)
from recruiting.services.applications import application_move
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory
from tests.recruiting.services.test_resume_attach import pdf
from tests.url_rules.portal import CANDIDATE

pytestmark = pytest.mark.django_db


@dataclass
class Person:
    name: str
    email: str
    application: Application
    interview: Interview
    offer: Offer
    request: DocumentRequest
    document: CandidateDocument


def person(name: str, email: str) -> Person:
    candidate = CandidateFactory(full_name=name, email=email)
    application = ApplicationFactory(candidate=candidate)
    job = application.job
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source="vuesim",
        external_id=f"iv-{email}",
        completed_at=timezone.now(),
    )
    application_move(application=application, to_stage=job.stages.get(kind=StageKind.OFFER))
    interview = Interview.objects.create(
        application=application,
        kind=Interview.Kind.ONSITE,
        starts_at=timezone.now() + timedelta(days=3),
        location=f"{name}'s meeting room",
    )
    offer = Offer(
        application=application,
        position_title=job.title,
        salary="¥30,000",
        start_date=timezone.localdate() + timedelta(days=30),
        letter_name="offer.pdf",
        letter_size=1,
        letter_sha256="0" * 64,
    )
    offer.letter.save("offer.pdf", ContentFile(pdf(f"Offer for {email}")), save=False)
    offer.save()
    request = DocumentRequest.objects.create(
        application=application, kind=DocumentRequest.Kind.ID_DOCUMENT, label="ID card"
    )
    document = CandidateDocument(
        candidate=candidate,
        request=request,
        original_name=f"{email}-id.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=10,
        sha256="0" * 64,
    )
    document.file.save("upload.pdf", ContentFile(pdf(f"ID of {email}")), save=False)
    document.save()
    return Person(name, email, application, interview, offer, request, document)


def urls_of(someone: Person) -> dict[str, str]:
    """Every portal URL that names one of `someone`'s rows."""
    application = someone.application.pk
    return {
        "portal:application": reverse("portal:application", args=[application]),
        "portal:withdraw": reverse("portal:withdraw", args=[application]),
        "portal:survey": reverse("portal:survey", args=[application, "after_ai_interview"]),
        "portal:interview": reverse("portal:interview", args=[someone.interview.pk]),
        "portal:interview-calendar": reverse(
            "portal:interview-calendar", args=[someone.interview.pk]
        ),
        "portal:document-upload": reverse("portal:document-upload", args=[someone.request.pk]),
        "portal:document-file": reverse("portal:document-file", args=[someone.document.pk]),
        "portal:offer": reverse("portal:offer", args=[someone.offer.pk]),
        "portal:offer-letter": reverse("portal:offer-letter", args=[someone.offer.pk]),
        "portal:offer-answer": reverse("portal:offer-answer", args=[someone.offer.pk]),
    }


WITHOUT_IDS = {"portal:home", "portal:messages", "portal:my-data", "portal:data-erase"}
# Pages that only take a POST answer GET with 405 even for their owner.
POST_ONLY = {"portal:offer-answer", "portal:document-upload"}


@pytest.fixture
def two():
    return person("欧阳娜娜", "nana.a@example.com"), person("司马光明", "guangming.b@example.com")


def test_the_matrix_covers_every_portal_page():
    named = set(urls_of(person("x", "x@example.com"))) | WITHOUT_IDS | {"portal:data-export"}
    assert named == CANDIDATE


def test_another_candidates_ids_are_404_by_get_and_post_and_change_nothing(two, client):
    me, other = two
    portal_client(me.application.candidate, client)
    post_data = {
        "answer": "confirmed",
        "sequence": "0",
        "accept": "1",
        "decision": "accept",
        "signature_name": other.name,
        "read_letter": "on",
        "rating": "5",
        "comment": "x",
        "reason": "x",
        "file": ContentFile(pdf("mine"), name="mine.pdf"),
    }
    for name, url in urls_of(other).items():
        for method in ("get", "post"):
            response = getattr(client, method)(url, post_data if method == "post" else None)
            if response.status_code == 405:
                continue  # this page takes the other method only; the other one is checked
            assert response.status_code == 404, (name, method, response.status_code)
            body = response.content.decode(errors="replace")
            assert other.name not in body, (name, method)
            assert other.email not in body, (name, method)

    other.application.refresh_from_db()
    other.offer.refresh_from_db()
    other.interview.refresh_from_db()
    other.request.refresh_from_db()
    assert other.application.status == Application.Status.ACTIVE
    assert other.offer.status == Offer.Status.SENT
    assert not other.offer.signature_name
    assert other.interview.candidate_response == Interview.Response.PENDING
    assert other.request.status == DocumentRequest.Status.REQUESTED
    assert other.request.documents.count() == 1
    assert not SurveyResponse.objects.exists()


def test_the_same_pages_answer_for_their_owner(two, client):
    me, _ = two
    portal_client(me.application.candidate, client)
    for name, url in urls_of(me).items():
        status = client.get(url).status_code
        if name in POST_ONLY:
            assert status == 405, name
        else:
            assert status == 200, (name, status)


def test_pages_without_ids_show_only_the_signed_in_candidates_data(two, client):
    me, other = two
    portal_client(me.application.candidate, client)
    for name in sorted(WITHOUT_IDS):
        body = client.get(reverse(name)).content.decode()
        assert other.name not in body, name
        assert other.email not in body, name
        assert other.application.job.title not in body, name
    home = client.get(reverse("portal:home")).content.decode()
    assert me.application.job.title in home

    export = client.get(reverse("portal:data-export"))
    assert export.status_code == 200
    data = b"".join(export.streaming_content) if export.streaming else export.content
    archive = zipfile.ZipFile(io.BytesIO(data))
    everything = b"".join(archive.read(entry) for entry in archive.namelist())
    assert me.email.encode() in everything
    assert other.email.encode() not in everything
    assert other.name.encode() not in everything
