"""Documents in the candidate portal: the requests listed with their upload forms, the
upload through the page, the candidate's own downloads, and whose ids open anything."""

from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from recruiting.models import CandidateDocument, DocumentRequest
from recruiting.services.applications import application_withdraw
from recruiting.services.documents import document_review
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory
from tests.recruiting.services.test_documents import asked, jpeg, png, stored_files, uploaded
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db


def _client(wanted: DocumentRequest):
    client = portal_client(wanted.application.candidate, language="en")
    return client


def _upload(wanted: DocumentRequest) -> str:
    return reverse("portal:document-upload", kwargs={"pk": wanted.pk})


def _file(document: CandidateDocument) -> str:
    return reverse("portal:document-file", kwargs={"pk": document.pk})


def _back(wanted: DocumentRequest) -> str:
    application_page = reverse("portal:application", kwargs={"pk": wanted.application_id})
    return f"{application_page}#document-request-{wanted.pk}"


def _flash(response) -> list[str]:
    """The flash messages the view left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_candidate_uploads_through_the_page():
    wanted = asked()
    client = _client(wanted)
    data = jpeg()

    response = client.post(
        _upload(wanted), {"file": SimpleUploadedFile("身份证.jpg", data, "image/jpeg")}
    )

    assert response.status_code == 302
    assert response.url == _back(wanted)
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.SUBMITTED
    document = CandidateDocument.objects.get()
    assert (document.original_name, document.size) == ("身份证.jpg", len(data))
    assert document.candidate == wanted.application.candidate
    assert any("received your document" in message for message in _flash(response))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("id.pdf", png(), "application/pdf"), "PDF, JPG or PNG"),
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60), "PDF, JPG or PNG"),
        (SimpleUploadedFile("empty.png", b"", "image/png"), "Choose a file"),
        (None, "Choose a file"),
    ],
)
def test_a_refused_upload_flashes_why_and_stores_nothing(upload, message):
    wanted = asked()
    client = _client(wanted)

    response = client.post(_upload(wanted), {"file": upload} if upload else {})

    assert response.status_code == 302
    assert response.url == _back(wanted)
    assert any(message in text for text in _flash(response))
    wanted.refresh_from_db()
    assert wanted.status == DocumentRequest.Status.REQUESTED
    assert not CandidateDocument.objects.exists()
    assert stored_files() == []


def test_an_oversized_upload_is_refused_before_it_is_read(settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the upload goes to a temporary file
    wanted = asked()
    client = _client(wanted)
    big = png() + b"\x00" * (10 * 1024 * 1024)

    response = client.post(_upload(wanted), {"file": SimpleUploadedFile("id.png", big)})

    assert response.status_code == 302
    assert any("larger than 10 MB" in text for text in _flash(response))
    assert not CandidateDocument.objects.exists()


def test_a_document_handed_in_takes_no_second_upload():
    wanted = asked()
    uploaded(wanted)
    client = _client(wanted)

    response = client.post(_upload(wanted), {"file": SimpleUploadedFile("id.png", png())})

    assert response.status_code == 302
    assert any("already handed in" in text for text in _flash(response))
    assert CandidateDocument.objects.count() == 1


def test_the_candidate_downloads_their_own_file():
    wanted = asked()
    data = pdf("ID card")
    document = uploaded(wanted, data)

    response = _client(wanted).get(_file(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "id.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_another_candidates_request_and_document_are_404():
    mine, theirs = asked(), asked()
    their_document = uploaded(theirs)
    theirs.refresh_from_db()
    client = _client(mine)

    upload = client.post(_upload(theirs), {"file": SimpleUploadedFile("id.png", png())})
    download = client.get(_file(their_document))

    assert (upload.status_code, download.status_code) == (404, 404)
    assert theirs.documents.count() == 1
    assert CandidateDocument.objects.filter(candidate=mine.application.candidate).count() == 0


@pytest.mark.parametrize("name", ["upload", "file"])
def test_anonymous_visitors_go_to_the_portal_sign_in(client, name):
    wanted = asked()
    document = uploaded(asked())
    url = _upload(wanted) if name == "upload" else _file(document)

    response = client.post(url) if name == "upload" else client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('portal:sign-in')}?next={quote(url, safe='')}"
    assert CandidateDocument.objects.count() == 1


# The list partial on the application page


def _requests_of(application):
    """As the application page reads them: through the application, files prefetched."""
    return list(application.document_requests.prefetch_related("documents"))


def test_the_list_shows_status_files_notes_and_upload_forms():
    application = ApplicationFactory()
    requested = asked(application=application, label="学位证书", note="扫描件即可")
    returned = asked(application=application, label="身份证")
    document = uploaded(returned)
    document_review(request=returned, accept=False, note="照片模糊", actor=None)
    accepted = asked(application=application, label="银行卡")
    uploaded(accepted)
    document_review(request=accepted, accept=True, actor=None)

    with translation.override("en"):
        html = render_to_string("portal/_documents.html", {"requests": _requests_of(application)})

    assert html.count('data-testid="portal-document-request"') == 3
    assert html.count('data-testid="portal-document-upload"') == 2  # requested and returned
    assert f'action="{_upload(requested)}"' in html
    assert f'action="{_upload(returned)}"' in html
    assert f'action="{_upload(accepted)}"' not in html
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "扫描件即可" in html
    assert "照片模糊" in html  # what to fix
    assert _file(document) in html


def test_a_closed_application_lists_its_requests_without_upload_forms():
    application = ApplicationFactory()
    asked(application=application)
    application_withdraw(application=application)
    application.refresh_from_db()

    html = render_to_string("portal/_documents.html", {"requests": _requests_of(application)})

    assert 'data-testid="portal-document-request"' in html
    assert 'data-testid="portal-document-upload"' not in html


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_costs_the_same_queries_for_any_number_of_requests(
    django_assert_num_queries, count
):
    application = ApplicationFactory()
    for _ in range(count):
        uploaded(asked(application=application))

    with django_assert_num_queries(2):  # the requests, their files
        html = render_to_string("portal/_documents.html", {"requests": _requests_of(application)})

    assert html.count('data-testid="portal-document-file"') == count
