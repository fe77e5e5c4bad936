"""An interview in the candidate portal: its details, the answer, and its calendar file.

The portal twin of the signed-link answer page (recruiting/interviews/views.py):
the same facts, the same answer service. Here the session says who the
candidate is, and the form carries the version (SEQUENCE) it was shown with,
so an answer to an interview changed meanwhile is refused by the service.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.core.errors import ApplicationError
from hrflow.org.selectors import company_current
from portal.session import candidate_required, portal_context
from recruiting.interviews.calendar_files import Method
from recruiting.interviews.forms import RespondForm
from recruiting.interviews.notices import (
    ICS_FILENAME,
    candidate_calendar,
    interview_values,
)
from recruiting.interviews.services import interview_respond, respond_problem
from recruiting.models import Candidate, Interview
from recruiting.selectors.portal import portal_applications


class PortalRespondForm(RespondForm):
    """The answer, and the version of the interview it answers."""

    sequence = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _own_interview(candidate: Candidate, pk: int) -> Interview:
    """One of the candidate's own interviews, else 404 (another's id finds nothing)."""
    interview = (
        Interview.objects.filter(application__in=portal_applications(candidate))
        .select_related("application__job")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        raise Http404
    return interview


@candidate_required
@require_http_methods(["GET", "POST"])
def interview_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    """The interview's facts, and the candidate's confirm / ask-for-another-time form."""
    interview = _own_interview(candidate, pk)
    problem = ""
    try:
        respond_problem(interview, sequence=interview.sequence)
    except ApplicationError as error:
        problem = error.message
    form = PortalRespondForm(request.POST or None, initial={"sequence": interview.sequence})
    if request.method == "POST" and form.is_valid():
        try:
            interview_respond(
                interview=interview,
                sequence=form.cleaned_data["sequence"],
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                preferred_times=form.cleaned_data["preferred_times"],
            )
        except ApplicationError as error:
            field = error.extra.get("field")
            if field not in form.fields:
                # Changed, cancelled or begun meanwhile: show the interview as it is now.
                messages.error(request, error.message)
                return redirect(request.path)
            form.add_error(field, error.message)
        else:
            messages.success(request, _("Thank you, we have your answer."))
            return redirect(request.path)
    company = company_current()
    context: dict[str, Any] = {
        "interview": interview,
        "form": form,
        "problem": problem,
        "cancelled": interview.status == Interview.Status.CANCELLED,
    } | portal_context(candidate)
    with timezone.override(company.zone):
        context["values"] = interview_values(interview, language=translation.get_language())
        return render(request, "portal/interview.html", context)


@candidate_required
@require_GET
def calendar_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    """The interview's .ics, to add it to a calendar (a cancelled one removes it)."""
    interview = _own_interview(candidate, pk)
    response = HttpResponse(_calendar_text(interview, candidate), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{ICS_FILENAME}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _calendar_text(interview: Interview, candidate: Candidate) -> str:
    """The entry the invitation e-mail carries, in the language the portal is read in."""
    interview.application.candidate = candidate  # the attendee, without another query
    cancelled = interview.status == Interview.Status.CANCELLED
    return candidate_calendar(
        interview,
        method=Method.CANCEL if cancelled else Method.REQUEST,
        language=translation.get_language(),
    )
