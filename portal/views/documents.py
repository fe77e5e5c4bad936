"""Documents in the candidate portal: upload what HR asked for, download what was sent.

The requests themselves are listed on the application's page
(templates/portal/_documents.html); these views take the upload and serve the
candidate's own files back, always as downloads.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.core.errors import ApplicationError
from hrflow.core.request_body import accepts_upload
from portal.session import candidate_required
from recruiting.document_forms import DocumentUploadForm
from recruiting.documents import MAX_DOCUMENT_BYTES
from recruiting.downloads import document_download
from recruiting.models import Candidate, CandidateDocument, DocumentRequest
from recruiting.selectors.portal import portal_applications
from recruiting.services.documents import document_upload


@accepts_upload(max_file_bytes=MAX_DOCUMENT_BYTES)
@candidate_required
@require_POST
def upload_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    """Take the file for one of the candidate's document requests, then back to the application."""
    wanted = DocumentRequest.objects.filter(
        pk=pk, application__in=portal_applications(candidate)
    ).first()
    if wanted is None:
        raise Http404
    back = reverse("portal:application", kwargs={"pk": wanted.application_id})
    back += f"#document-request-{wanted.pk}"
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect(back)
    upload = form.cleaned_data["file"]
    # Refused before reading: a huge upload is never loaded into memory.
    if upload.size > MAX_DOCUMENT_BYTES:
        messages.error(
            request,
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
        )
        return redirect(back)
    try:
        document_upload(
            request=wanted, candidate=candidate, name=upload.name or "", data=upload.read()
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you, we have received your document."))
    return redirect(back)


@candidate_required
@require_GET
def file_view(request: HttpRequest, candidate: Candidate, pk: int) -> FileResponse:
    """The candidate's own uploaded file, as a download."""
    document = CandidateDocument.objects.filter(pk=pk, candidate=candidate).first()
    if document is None:
        raise Http404
    return document_download(document)
