"""The staff dashboard: the landing page after sign-in."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hrflow.accounts.roles import Role
from hrflow.core.dashboard_panels import dashboard_panels_for
from hrflow.web.dashboard import system_status_for


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = [role.label for role in Role if role in user.roles]  # type: ignore[union-attr]
    context = {"roles": roles, "panels": dashboard_panels_for(user)}  # type: ignore[arg-type]
    return render(request, "web/dashboard.html", context)


@require_GET
@login_required
def system_status(request: HttpRequest) -> HttpResponse:
    """The system-status panel's body, fetched by htmx after the dashboard loads."""
    try:
        data = system_status_for(request.user, now=timezone.now())  # type: ignore[arg-type]
    except PermissionDenied as exc:
        # Answer like a missing page: a guessed URL reveals nothing.
        raise Http404 from exc
    response = render(request, "web/panels/system.html", {"data": data})
    response["Cache-Control"] = "no-store"
    return response
