"""The portal's messages page: what HR and hrflow told the candidate, in one place."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.session import candidate_required, portal_context
from recruiting.models import Candidate
from recruiting.selectors.portal_messages import portal_messages


@candidate_required
@require_GET
def messages_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    context = portal_context(
        candidate, "messages", page=portal_messages(candidate, page=request.GET.get("page"))
    )
    return render(request, "portal/messages.html", context)
