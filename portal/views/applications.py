"""The portal's application page and the candidate's own withdrawal.

Both start from the signed-in candidate (recruiting.selectors.portal), so
another candidate's application answers 404 exactly like a missing one.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.core.errors import ApplicationError
from portal.session import candidate_required, portal_context
from recruiting.models import Application, Candidate, SurveyResponse
from recruiting.selectors.portal import (
    PortalApplication,
    ai_link_open,
    portal_application_get,
    portal_timeline_one,
)
from recruiting.services.candidate_withdraw import candidate_withdraw

REASON_MAX = 1000


class WithdrawForm(forms.Form):
    """The one optional field of the withdraw page; kept here as nothing else uses it."""

    reason = forms.CharField(
        label=gettext_lazy("Why are you withdrawing? (optional; it helps us improve)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _open_ai_link(item: PortalApplication) -> str:
    """The AI interview's link while it can still be taken (the next step may be another)."""
    ai = item.ai_interview
    if not item.is_open or ai is None or not ai_link_open(ai, timezone.now()):
        return ""
    return ai.invite_url


@candidate_required
@require_GET
def application_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    item = portal_timeline_one(candidate, pk)
    if item is None:
        raise Http404
    application = item.application
    context = portal_context(candidate) | {
        "item": item,
        "requests": application.document_requests.prefetch_related("documents"),
        "ai_link": _open_ai_link(item),
        "surveys": [(moment, SurveyResponse.Moment(moment).label) for moment in item.surveys_due],
    }
    return render(request, "portal/application.html", context)


@candidate_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: HttpRequest, candidate: Candidate, pk: int) -> HttpResponse:
    application = portal_application_get(candidate, pk)
    if application is None:
        raise Http404
    if application.status != Application.Status.ACTIVE:
        messages.info(
            request,
            _("This application has already ended (%(status)s), so there is nothing to withdraw.")
            % {"status": application.get_status_display()},
        )
        return redirect("portal:application", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # Candidates are not staff users: the audit trail records "system" as actor,
            # the stage history keeps their reason, and the recruiters are e-mailed.
            candidate_withdraw(application=application, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You withdrew your application for %(job)s. Thank you for your interest.")
                % {"job": application.job.title},
            )
        return redirect("portal:application", pk=application.pk)
    context = portal_context(candidate) | {"application": application, "form": form}
    status = 400 if form.errors else 200
    return render(request, "portal/withdraw.html", context, status=status)
