"""Who may open the recruiting pages, and how refusals look (404, like a missing page)."""

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Job
from recruiting.selectors.jobs import job_get, user_can_work_on

# The recruiting pages' name for the shared permission check.
workspace_view = permission_view


def job_for_work(request: HttpRequest, pk: int) -> Job:
    """A job the user may see and work on (its recruiters, HR admins), else 404."""
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    if not user_can_work_on(user, job):
        raise Http404
    return job


def application_for_work(request: HttpRequest, pk: int) -> Application:
    """An application (with its job and candidate) the user may see and change, else 404."""
    user = cast(User, request.user)
    application = get_scoped_or_404(
        Application.objects.select_related("job", "candidate"), user, pk=pk
    )
    if not user_can_work_on(user, application.job):
        raise Http404
    return application


def form_errors_from(form: forms.Form, error: ApplicationError) -> None:
    """Put a service's refusal on the fields it names, the rest on the form."""
    fields = error.extra.get("fields") or {}
    for name, message in fields.items():
        form.add_error(name if name in form.fields else None, message)
    if not fields:
        form.add_error(None, error.message)


def report_error(request: HttpRequest, error: ApplicationError) -> None:
    """Show a service's refusal as a flash message."""
    messages.error(request, error.message)
