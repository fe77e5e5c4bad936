"""Every upload form answers a file its parser cannot read with the form's own
error, stores no row and leaves no file in media/; a PDF whose text holds a NUL
is simply stored (each answered 500 before, issue 12 row 13).

The forms: the public careers form, HR's resume upload on the profile, the
portal's document upload and HR's offer letter. All of them read PDFs through
recruiting.file_text and keep files through recruiting.stored_files.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import (
    Application,
    Candidate,
    CandidateDocument,
    DocumentRequest,
    Offer,
    Resume,
)
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, JobFactory
from tests.recruiting.hostile_files import (
    pdf_contents_array_over_pypdf_limit,
    pdf_over_pypdf_limit,
    pdf_with_nul_in_text,
)
from tests.recruiting.offers.test_views import form_data as offer_form
from tests.recruiting.services.test_documents import asked

pytestmark = pytest.mark.django_db

UNREADABLE = pytest.mark.parametrize(
    "hostile",
    [pdf_over_pypdf_limit, pdf_contents_array_over_pypdf_limit],
    ids=["pypdf-limit-on-open", "pypdf-limit-on-text"],
)


def _media_files() -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def _flash(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def _apply(job, data: bytes):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = {
        "full_name": "张伟",
        "email": "zhang.wei@example.com",
        "phone": "13800138000",
        "resume": SimpleUploadedFile("cv.pdf", data, content_type="application/pdf"),
        "consent_data": "on",
        "consent_ai": "on",
    }
    return client.post(reverse("careers:job-detail", args=[job.pk]), form)


def _hr_upload(data: bytes):
    application = ApplicationFactory()
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("recruiting:resume-upload", args=[application.candidate_id])
    upload = SimpleUploadedFile("cv.pdf", data, content_type="application/pdf")
    return client.post(url, {"resume": upload}), application.candidate


@UNREADABLE
def test_careers_form(hostile):
    job = JobFactory()

    response = _apply(job, hostile())

    assert response.status_code == 200
    assert "cannot be read" in " ".join(response.context["form"].errors["resume"])
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert _media_files() == []


@UNREADABLE
def test_hr_resume_upload(hostile):
    response, _ = _hr_upload(hostile())

    assert response.status_code == 302
    assert "cannot be read" in _flash(response)
    assert not Resume.objects.exists()
    assert _media_files() == []


@UNREADABLE
def test_portal_document_upload(hostile):
    wanted = asked()
    client = portal_client(wanted.application.candidate, language="en")
    upload = SimpleUploadedFile("id.pdf", hostile(), content_type="application/pdf")

    response = client.post(
        reverse("portal:document-upload", kwargs={"pk": wanted.pk}), {"file": upload}
    )

    assert response.status_code == 302
    assert "cannot be read" in _flash(response)
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.REQUESTED
    assert not CandidateDocument.objects.exists()
    assert _media_files() == []


@UNREADABLE
def test_offer_letter_upload(hostile):
    application = ApplicationFactory()
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    letter = SimpleUploadedFile("offer.pdf", hostile(), content_type="application/pdf")

    response = client.post(
        reverse("recruiting:offer-create", args=[application.pk]), offer_form(letter=letter)
    )

    assert response.status_code == 200
    assert "cannot be read" in " ".join(response.context["form"].errors["letter"])
    assert not Offer.objects.exists()
    assert _media_files() == []


def test_careers_form_stores_a_pdf_whose_text_holds_a_nul():
    job = JobFactory()

    response = _apply(job, pdf_with_nul_in_text())

    assert response.status_code == 302
    resume = Resume.objects.get()
    assert "\x00" not in resume.text
    assert _media_files() == [Path(resume.file.path)]


def test_hr_resume_upload_stores_a_pdf_whose_text_holds_a_nul():
    response, candidate = _hr_upload(pdf_with_nul_in_text())

    assert response.status_code == 302
    assert "Resume uploaded" in _flash(response)
    resume = candidate.resumes.get()
    assert resume.text == "ZhangWei resume"
    assert _media_files() == [Path(resume.file.path)]
