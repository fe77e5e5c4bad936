"""HR's decision on a value read from a resume: confirm (as read or edited) or dismiss."""

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from recruiting.models import Application
from recruiting.resume_reading.forms import SuggestionDecisionForm
from recruiting.resume_reading.models import ResumeFieldSuggestion
from recruiting.resume_reading.services import (
    resume_suggestion_confirm,
    resume_suggestion_dismiss,
)
from recruiting.selectors.jobs import workable_job_ids
from recruiting.views.access import report_error, workspace_view


@workspace_view("recruiting.change_candidate")
@require_POST
def suggestion_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    suggestion = get_scoped_or_404(
        ResumeFieldSuggestion.objects.select_related("resume"), user, pk=pk
    )
    candidate_id = suggestion.resume.candidate_id
    # Who may change the person may decide: someone working on one of their jobs.
    job_ids = list(
        Application.objects.filter(candidate_id=candidate_id).values_list("job_id", flat=True)
    )
    if not workable_job_ids(user, job_ids):
        raise Http404
    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or dismiss the value."))
        return redirect("recruiting:candidate-detail", pk=candidate_id)
    try:
        if form.cleaned_data["action"] == "dismiss":
            resume_suggestion_dismiss(suggestion=suggestion, actor=user)
            messages.success(request, _("Dismissed."))
        else:
            resume_suggestion_confirm(
                suggestion=suggestion, actor=user, value=form.cleaned_data["value"] or None
            )
            messages.success(
                request,
                _("%(field)s confirmed.") % {"field": suggestion.get_field_display()},
            )
    except ApplicationError as error:
        report_error(request, error)
    return redirect("recruiting:candidate-detail", pk=candidate_id)
