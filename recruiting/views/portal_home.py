"""The candidate portal's home page: every application as a timeline, with what comes next."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hrflow.notifications.timing import settings_current
from recruiting.models import Candidate
from recruiting.portal_session import candidate_required
from recruiting.selectors.portal import portal_timeline


@require_GET
@candidate_required
def home_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    context = {
        "candidate": candidate,
        "applications": portal_timeline(candidate),
        "company_name": settings_current().company_name,
        "portal_section": "home",
    }
    return render(request, "portal/home.html", context)
