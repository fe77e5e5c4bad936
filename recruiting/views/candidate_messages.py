"""A recruiter writes to the candidate of an application from the profile."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from recruiting.services.candidate_messages import candidate_message_send
from recruiting.views.access import application_for_work, workspace_view


@workspace_view("recruiting.change_application")
@require_POST
def candidate_message_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_for_work(request, pk)
    back = reverse("recruiting:candidate-detail", args=[application.candidate_id])
    try:
        candidate_message_send(
            application=application,
            subject=request.POST.get("subject", ""),
            body=request.POST.get("body", ""),
            key=request.POST.get("key", ""),
            actor=cast(User, request.user),
        )
    except ApplicationError as error:
        problems = error.extra.get("fields") or {}
        messages.error(request, " ".join([error.message, *problems.values()]))
        return redirect(back)
    messages.success(request, _("Message sent; the candidate finds it in their portal too."))
    return redirect(back + "#candidate-messages")
