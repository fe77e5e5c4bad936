"""Requested documents: the file check, and the request -> upload -> review flow with
its refusals (a refusal stores nothing and changes nothing)."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import OutboxMessage
from recruiting.documents import MAX_DOCUMENT_BYTES, document_check
from recruiting.models import CandidateDocument, DocumentRequest
from recruiting.services.applications import application_reject, application_withdraw
from recruiting.services.documents import document_request, document_review, document_upload
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, reason, recruiter_for
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db

Status = DocumentRequest.Status


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched by their English source text."""
    with translation.override("en"):
        yield


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40 + b"\xff\xd9"


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(folder.iterdir()) if folder.exists() else []


def asked(**changes) -> DocumentRequest:
    """An active application whose candidate was asked for their ID card."""
    application = changes.pop("application", None) or ApplicationFactory()
    values = {"kind": DocumentRequest.Kind.ID_DOCUMENT, "label": "身份证正反面", "note": ""}
    return document_request(
        application=application, actor=recruiter_for(application.job), **(values | changes)
    )


def uploaded(wanted: DocumentRequest, data: bytes | None = None) -> CandidateDocument:
    return document_upload(
        request=wanted,
        candidate=wanted.application.candidate,
        name="id.pdf",
        data=data or pdf("ID card"),
    )


# The file check


@pytest.mark.parametrize(
    ("name", "data", "extension", "content_type"),
    [
        ("certificate.pdf", pdf(), ".pdf", "application/pdf"),
        ("photo.jpg", jpeg(), ".jpg", "image/jpeg"),
        ("photo.JPEG", jpeg(), ".jpg", "image/jpeg"),
        ("scan.png", png(), ".png", "image/png"),
    ],
)
def test_check_accepts_pdf_jpeg_and_png_by_name_and_bytes(name, data, extension, content_type):
    checked = document_check(name=name, data=data)

    assert (checked.extension, checked.content_type) == (extension, content_type)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("degree.pdf", png()),  # a PNG named .pdf
        ("photo.png", jpeg()),  # a JPEG named .png
        ("photo.jpg", pdf()),  # a PDF named .jpg
        ("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # an executable renamed
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
        ("notes.txt", b"%PDF-1.4 really text"),  # PDF bytes, but a .txt name
        ("no-extension", png()),
    ],
)
def test_check_refuses_a_file_whose_name_and_bytes_disagree(name, data):
    with pytest.raises(ApplicationError, match="PDF, JPG or PNG") as refused:
        document_check(name=name, data=data)

    assert refused.value.extra == {"field": "file"}


def test_check_refuses_an_empty_file():
    with pytest.raises(ApplicationError, match="empty"):
        document_check(name="id.png", data=b"")


def test_check_refuses_a_file_over_the_limit():
    data = png() + b"\x00" * MAX_DOCUMENT_BYTES

    with pytest.raises(ApplicationError, match="larger than 10 MB"):
        document_check(name="id.png", data=data)


def test_check_refuses_a_pdf_that_cannot_be_read():
    with pytest.raises(ApplicationError, match="cannot be read") as refused:
        document_check(name="id.pdf", data=b"%PDF-1.4\nthis is not a PDF at all")

    assert refused.value.extra == {"field": "file"}


# Asking


def test_request_asks_the_candidate_and_tells_them():
    application = ApplicationFactory()
    hr = recruiter_for(application.job)

    wanted = document_request(
        application=application,
        kind=DocumentRequest.Kind.DEGREE,
        label="  学位证书  ",
        note="扫描件即可",
        actor=hr,
    )

    wanted.refresh_from_db()
    assert (wanted.status, wanted.label, wanted.note) == (
        Status.REQUESTED,
        "学位证书",
        "扫描件即可",
    )
    assert wanted.requested_by == hr
    messages = OutboxMessage.objects.filter(event="documents_requested")
    assert {m.channel for m in messages} >= {"email", "portal"}
    for message in messages:
        assert message.idempotency_key.startswith(
            f"documents_requested:{application.pk}:docreq{wanted.pk}:"
        )
        assert message.variables["document_label"] == "学位证书"
    assert "学位证书" in messages.get(channel="email").body
    audit = AuditEvent.objects.get(action="recruiting.document_request")
    assert audit.actor == hr
    assert audit.changes == {"document_request": wanted.pk, "kind": "degree", "label": "学位证书"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "   "}, "Say which document"),
        ({"kind": "passport_photo"}, "Choose which kind"),
        ({"note": "x" * 2001}, "too long"),
        ({"label": "x" * 161}, "160"),
    ],
)
def test_request_refuses_bad_input_and_changes_nothing(changes, message):
    application = ApplicationFactory()

    with pytest.raises(ApplicationError, match=message):
        asked(application=application, **changes)

    assert not DocumentRequest.objects.exists()
    assert not OutboxMessage.objects.filter(event="documents_requested").exists()
    assert not AuditEvent.objects.filter(action="recruiting.document_request").exists()


@pytest.mark.parametrize("end", ["rejected", "withdrawn"])
def test_request_is_for_active_applications_only(end):
    application = ApplicationFactory()
    if end == "rejected":
        application_reject(application=application, reason=reason())
    else:
        application_withdraw(application=application)

    with pytest.raises(ApplicationError, match="active applications only"):
        asked(application=application)

    assert not DocumentRequest.objects.exists()
    assert not OutboxMessage.objects.filter(event="documents_requested").exists()


# Uploading


def test_upload_stores_the_file_privately_and_awaits_review():
    wanted = asked()
    data = pdf("ID card")

    document = document_upload(
        request=wanted, candidate=wanted.application.candidate, name="../我的/身份证.pdf", data=data
    )

    document.refresh_from_db()
    wanted.refresh_from_db()
    assert wanted.status == Status.SUBMITTED
    assert document.request == wanted
    assert document.candidate == wanted.application.candidate
    assert document.original_name == "身份证.pdf"  # no folder survives
    assert (document.extension, document.content_type) == (".pdf", "application/pdf")
    assert (document.size, document.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert document.file.name.startswith("documents/")
    assert "身份证" not in document.file.name  # stored under a random name
    with document.file.open("rb") as stored:
        assert stored.read() == data
    audit = AuditEvent.objects.get(action="recruiting.document_upload")
    assert audit.actor is None
    assert audit.changes["status"] == ["requested", "submitted"]
    assert audit.changes["document"] == document.pk


def _refused_upload(wanted: DocumentRequest, candidate, *, name="id.png", data=None, match=""):
    """The upload is refused; no row, no file, no audit entry, no change of status."""
    before = (
        wanted.status,
        CandidateDocument.objects.count(),
        stored_files(),
        AuditEvent.objects.filter(action="recruiting.document_upload").count(),
    )
    with pytest.raises(ApplicationError, match=match):
        document_upload(request=wanted, candidate=candidate, name=name, data=data or png())
    wanted.refresh_from_db()
    assert before == (
        wanted.status,
        CandidateDocument.objects.count(),
        stored_files(),
        AuditEvent.objects.filter(action="recruiting.document_upload").count(),
    )


def test_upload_refuses_a_bad_file_and_stores_nothing():
    wanted = asked()

    _refused_upload(
        wanted, wanted.application.candidate, name="id.pdf", data=png(), match="PDF, JPG or PNG"
    )
    assert not CandidateDocument.objects.exists()
    assert stored_files() == []


def test_upload_refuses_another_candidates_request():
    wanted = asked()

    _refused_upload(wanted, CandidateFactory(), match="not for you")


def test_upload_refuses_a_request_already_handed_in():
    wanted = asked()
    uploaded(wanted)
    wanted.refresh_from_db()

    _refused_upload(wanted, wanted.application.candidate, match="already handed in")


def test_upload_refuses_once_the_application_is_closed():
    wanted = asked()
    application_withdraw(application=wanted.application)

    _refused_upload(wanted, wanted.application.candidate, match="closed")


# Reviewing


def test_accepting_a_submitted_document():
    wanted = asked()
    uploaded(wanted)
    hr = wanted.requested_by

    document_review(request=wanted, accept=True, note="", actor=hr)

    wanted.refresh_from_db()
    assert (wanted.status, wanted.review_note) == (Status.ACCEPTED, "")
    audit = AuditEvent.objects.get(action="recruiting.document_review")
    assert audit.actor == hr
    assert audit.changes["status"] == ["submitted", "accepted"]


def test_returning_asks_again_with_the_note_and_allows_a_new_upload():
    wanted = asked()
    uploaded(wanted)
    candidate = wanted.application.candidate

    document_review(request=wanted, accept=False, note="  照片模糊，请重新拍摄  ", actor=None)

    wanted.refresh_from_db()
    assert (wanted.status, wanted.review_note) == (Status.RETURNED, "照片模糊，请重新拍摄")
    again = OutboxMessage.objects.filter(
        event="documents_requested", idempotency_key__contains=f"docreq{wanted.pk}:return1:"
    )
    assert again.exists()
    # the candidate uploads a new file; HR accepts it
    document_upload(request=wanted, candidate=candidate, name="id.jpg", data=jpeg())
    wanted.refresh_from_db()
    assert wanted.status == Status.SUBMITTED
    assert wanted.documents.count() == 2
    document_review(request=wanted, accept=True, actor=None)
    wanted.refresh_from_db()
    assert wanted.status == Status.ACCEPTED


def test_returning_needs_a_note():
    wanted = asked()
    uploaded(wanted)

    with pytest.raises(ApplicationError, match="what needs fixing") as refused:
        document_review(request=wanted, accept=False, note="   ", actor=None)

    assert refused.value.extra == {"field": "note"}
    wanted.refresh_from_db()
    assert wanted.status == Status.SUBMITTED
    assert not AuditEvent.objects.filter(action="recruiting.document_review").exists()


@pytest.mark.parametrize("state", ["requested", "accepted", "returned"])
def test_only_a_submitted_document_is_reviewed(state):
    wanted = asked()
    if state != "requested":
        uploaded(wanted)
        document_review(request=wanted, accept=state == "accepted", note="redo", actor=None)
    wanted.refresh_from_db()
    audits = AuditEvent.objects.filter(action="recruiting.document_review").count()

    with pytest.raises(ApplicationError, match="handed in"):
        document_review(request=wanted, accept=True, actor=None)

    wanted.refresh_from_db()
    assert wanted.status == state
    assert AuditEvent.objects.filter(action="recruiting.document_review").count() == audits
