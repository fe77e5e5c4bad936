"""HR's side of requested documents, on the candidate profile: ask, review, download.

Rows are fetched within the viewer's scope, so anything outside it is a 404;
asking and reviewing also need the right to work on the job (its recruiters,
HR admins). Files go out only as downloads (document_download).
"""

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.core.errors import ApplicationError
from recruiting.document_forms import DocumentRequestForm, DocumentReviewForm
from recruiting.downloads import document_download
from recruiting.models import Application, CandidateDocument, DocumentRequest
from recruiting.selectors.jobs import user_can_work_on
from recruiting.services.documents import document_request, document_review
from recruiting.views.access import application_for_work, report_error, workspace_view


def _profile_url(application: Application) -> str:
    return (
        reverse("recruiting:candidate-detail", args=[application.candidate_id])
        + f"#documents-{application.pk}"
    )


def _first_error(form: DocumentRequestForm | DocumentReviewForm) -> str:
    return str(next(iter(form.errors.values()))[0])


@workspace_view("recruiting.change_application")
@require_POST
def document_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the candidate of this application for a document."""
    user = cast(User, request.user)
    application = application_for_work(request, pk)
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_profile_url(application))
    try:
        document_request(
            application=application,
            kind=form.cleaned_data["kind"],
            label=form.cleaned_data["label"],
            note=form.cleaned_data["note"],
            actor=user,
        )
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Document requested; the candidate has been told."))
    return redirect(_profile_url(application))


@workspace_view("recruiting.change_application")
@require_POST
def document_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept an uploaded document, or return it with a note."""
    user = cast(User, request.user)
    wanted = get_scoped_or_404(
        DocumentRequest.objects.select_related("application__job"), user, pk=pk
    )
    if not user_can_work_on(user, wanted.application.job):
        raise Http404
    form = DocumentReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_profile_url(wanted.application))
    accept = form.cleaned_data["decision"] == DocumentReviewForm.ACCEPT
    try:
        document_review(request=wanted, accept=accept, note=form.cleaned_data["note"], actor=user)
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(
            request,
            _("Document accepted.") if accept else _("Document returned to the candidate."),
        )
    return redirect(_profile_url(wanted.application))


@workspace_view("recruiting.view_candidate")
@require_GET
def document_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a document only to staff who work on the job it was asked for.

    IDs and bank details are for the recruiters and HR admins who run the
    background check and onboarding; a hiring manager who reads the profile
    sees that a document was handed in, not the document.
    """
    user = cast(User, request.user)
    visible = scoped(DocumentRequest.objects.all(), user)
    document = (
        CandidateDocument.objects.filter(pk=pk, request__in=visible)
        .select_related("request__application__job")
        .first()
    )
    # `request__in` above means the document has a request (the field itself is nullable).
    if document is None or document.request is None:
        raise Http404
    if not user_can_work_on(user, document.request.application.job):
        raise Http404
    return document_download(document)
