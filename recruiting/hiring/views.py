"""The hire page: from the candidate profile, HR confirms the first day and hires."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from recruiting.hiring.checks import hire_problem
from recruiting.hiring.forms import HireForm
from recruiting.hiring.record import EMPLOYMENT_TYPES
from recruiting.hiring.services import accepted_offer, application_hire
from recruiting.models import Application
from recruiting.views.access import application_for_work, form_errors_from, workspace_view


def _profile_url(application: Application) -> str:
    return reverse("recruiting:candidate-detail", args=[application.candidate_id])


@workspace_view("recruiting.change_application")
@require_http_methods(["GET", "POST"])
def application_hire_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    application = application_for_work(request, pk)
    problem = hire_problem(application)
    if problem:
        messages.error(request, problem)
        return redirect(_profile_url(application))
    offer = accepted_offer(application)
    form = HireForm(
        request.POST or None,
        application=application,
        initial={
            "start_date": offer.start_date if offer else None,
            "employment_type": EMPLOYMENT_TYPES.get(application.job.employment_type),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = application_hire(
                application=application,
                actor=user,
                start_date=data["start_date"],
                employment_type=data["employment_type"],
                position_id=data["position"].pk if data["position"] else None,
                manager_id=data["manager"].pk if data["manager"] else None,
            )
        except ApplicationError as error:
            form_errors_from(form, error)
        else:
            messages.success(
                request,
                _("Hired as employee %(number)s; the onboarding plan is ready.")
                % {"number": outcome.employee.number},
            )
            return redirect(_profile_url(application))
    context = {"form": form, "application": application, "offer": offer}
    return render(request, "recruiting/hiring/form.html", context)
