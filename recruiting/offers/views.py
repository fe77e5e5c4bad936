"""HR's offer pages: send an offer from the profile, download its letter, withdraw it.

The same access as the other application pages: an application or offer
outside the viewer's jobs answers 404; hiring managers may read offers and
their letters, while only the job's recruiters and HR admins send or withdraw.
"""

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.request_body import accepts_upload
from recruiting.downloads import offer_letter_download
from recruiting.models import Application, Offer
from recruiting.offers.forms import OfferForm, WithdrawForm
from recruiting.offers.services import (
    company_today,
    offer_send,
    offer_send_problem,
    offer_withdraw,
)
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.selectors.jobs import user_can_work_on
from recruiting.views.access import (
    application_for_work,
    form_errors_from,
    report_error,
    workspace_view,
)


def _profile_url(application: Application) -> str:
    return reverse("recruiting:candidate-detail", args=[application.candidate_id])


@accepts_upload(max_file_bytes=MAX_RESUME_BYTES)
@workspace_view("recruiting.change_application")
@require_http_methods(["GET", "POST"])
def offer_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    application = application_for_work(request, pk)
    problem = offer_send_problem(application)
    if problem:
        messages.error(request, problem)
        return redirect(_profile_url(application))
    form = OfferForm(
        request.POST or None,
        request.FILES or None,
        initial={"position_title": application.job.title},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer_send(
                application=application,
                position_title=data["position_title"],
                salary=data["salary"],
                start_date=data["start_date"],
                respond_by=data["respond_by"],
                message=data["message"],
                letter_name=data["letter"].name,
                letter_data=data["letter"].read(),
                actor=user,
            )
        except ApplicationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request, _("Offer sent; the candidate can read and answer it in the portal.")
            )
            return redirect(_profile_url(application))
    context = {"form": form, "application": application, "today": company_today()}
    return render(request, "recruiting/offers/form.html", context)


@workspace_view("recruiting.view_application")
@require_GET
def offer_letter_view(request: HttpRequest, pk: int) -> FileResponse:
    """The letter as a download, for whoever may see the offer's application."""
    offer = get_scoped_or_404(Offer.objects.all(), cast(User, request.user), pk=pk)
    return offer_letter_download(offer)


@workspace_view("recruiting.change_application")
@require_POST
def offer_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    offer = get_scoped_or_404(Offer.objects.select_related("application__job"), user, pk=pk)
    if not user_can_work_on(user, offer.application.job):
        raise Http404
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        offer_withdraw(offer=offer, actor=user, reason=reason)
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Offer withdrawn."))
    return redirect(_profile_url(offer.application))
