"""Documents HR asks a candidate for: the request, the candidate's upload, HR's review.

A request goes requested -> submitted (the candidate uploaded) -> accepted, or
-> returned (HR says what to fix) -> submitted again. Each step is one
function in one transaction, called by the HR pages and the candidate portal
alike. Uploads are checked (recruiting/documents.py) before anything is
written, so a refused file leaves neither a row nor a stored file behind.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.documents import MAX_DOCUMENT_BYTES, document_check
from recruiting.models import Application, Candidate, CandidateDocument, DocumentRequest
from recruiting.services.candidate_notices import applications_notify
from recruiting.stored_files import stored_file, upload_name

NOTE_MAX = 2000
Status = DocumentRequest.Status
# The candidate may upload while HR waits for a file: first time, or after a return.
OPEN_FOR_UPLOAD = (Status.REQUESTED, Status.RETURNED)


@transaction.atomic
def document_request(
    *, application: Application, kind: str, label: str, note: str = "", actor: User | None
) -> DocumentRequest:
    """Ask the candidate for a document; they are told, and upload it in their portal."""
    # Locked, so a rejection committing meanwhile cannot leave a request on an
    # application that has ended.
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "job")
        .get(pk=application.pk)
    )
    if application.status != Application.Status.ACTIVE:
        raise ApplicationError(_("Documents are requested for active applications only."))
    if kind not in DocumentRequest.Kind.values:
        raise ApplicationError(_("Choose which kind of document."), extra={"field": "kind"})
    label, note = label.strip(), note.strip()
    if not label:
        raise ApplicationError(
            _("Say which document you need, e.g. “Bachelor's degree certificate”."),
            extra={"field": "label"},
        )
    if len(note) > NOTE_MAX:
        raise ApplicationError(_("The note is too long."), extra={"field": "note"})
    request = DocumentRequest(
        application=application, kind=kind, label=label, note=note, requested_by=actor
    )
    _full_clean(request, exclude=["application", "requested_by"])
    request.save()
    _tell_candidate(request, key=f"docreq{request.pk}")
    audit_record(
        actor=actor,
        action="recruiting.document_request",
        target=application,
        changes={"document_request": request.pk, "kind": kind, "label": label},
    )
    return request


@transaction.atomic
def document_upload(
    *, request: DocumentRequest, candidate: Candidate, name: str, data: bytes
) -> CandidateDocument:
    """Store the candidate's file for HR's request; the request then awaits HR's review."""
    # Bounded like the resumes: one byte past the limit is enough to refuse.
    checked = document_check(name=name, data=data[: MAX_DOCUMENT_BYTES + 1])
    locked = (
        DocumentRequest.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(pk=request.pk, application__candidate=candidate)
        .first()
    )
    if locked is None:
        raise ApplicationError(_("This document request is not for you."))
    if locked.application.status != Application.Status.ACTIVE:
        raise ApplicationError(_("This application is closed; no documents are needed any more."))
    if locked.status not in OPEN_FOR_UPLOAD:
        raise ApplicationError(
            _("This document was already handed in. We will tell you if we need another.")
        )
    document = CandidateDocument(
        candidate=candidate,
        request=locked,
        original_name=upload_name(name, default=f"document{checked.extension}"),
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    # Validated before the file is written, so nothing is stored for a row
    # that cannot be saved.
    _full_clean(document, exclude=["file", "candidate", "request"])
    with stored_file(document.file, name=f"upload{checked.extension}", data=data):
        document.save()
        before = locked.status
        locked.status = Status.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            action="recruiting.document_upload",
            target=locked.application,
            changes={
                "document_request": locked.pk,
                "document": document.pk,
                "size": document.size,
                "status": [before, locked.status],
            },
        )
    return document


@transaction.atomic
def document_review(
    *, request: DocumentRequest, accept: bool, note: str = "", actor: User | None
) -> DocumentRequest:
    """Accept the uploaded document, or return it with a note saying what to fix."""
    locked = (
        DocumentRequest.objects.select_for_update(of=("self",))
        .select_related("application")
        .get(pk=request.pk)
    )
    if locked.status != Status.SUBMITTED:
        raise ApplicationError(_("Only a document the candidate has handed in can be reviewed."))
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ApplicationError(_("The note is too long."), extra={"field": "note"})
    if not accept and not note:
        raise ApplicationError(
            _("Say what needs fixing, so the candidate knows what to upload instead."),
            extra={"field": "note"},
        )
    before = locked.status
    locked.status = Status.ACCEPTED if accept else Status.RETURNED
    locked.review_note = note
    locked.save(update_fields=["status", "review_note", "updated_at"])
    if not accept:
        # Asked again: one message per return (each follows a new upload), so a
        # repeated call queues nothing twice.
        uploads = locked.documents.count()
        _tell_candidate(locked, key=f"docreq{locked.pk}:return{uploads}")
    audit_record(
        actor=actor,
        action="recruiting.document_review",
        target=locked.application,
        changes={"document_request": locked.pk, "status": [before, locked.status], "note": note},
    )
    return locked


def _tell_candidate(request: DocumentRequest, *, key: str) -> int:
    application = request.application
    return applications_notify(
        applications=[application],
        event="documents_requested",
        key=key,
        values={application.pk: {"document_label": request.label}},
    )


def _full_clean(instance: DocumentRequest | CandidateDocument, *, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        fields = {name: " ".join(messages) for name, messages in error.message_dict.items()}
        raise ApplicationError(
            " ".join(fields.values()), extra={"fields": fields, "problems": list(fields.values())}
        ) from error
