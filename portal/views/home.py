"""The candidate portal's home page: every application as a timeline, with what comes next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.session import candidate_required, portal_context
from recruiting.models import Candidate
from recruiting.selectors.portal import portal_timeline


@require_GET
@candidate_required
def home_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    context = portal_context(candidate, applications=portal_timeline(candidate))
    return render(request, "portal/home.html", context)
