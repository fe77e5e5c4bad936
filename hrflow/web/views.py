"""The staff dashboard: the landing page after sign-in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hrflow.accounts.roles import Role
from hrflow.web.dashboard import dashboard_panels_for


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = [role.label for role in Role if role in user.roles]  # type: ignore[union-attr]
    context = {"roles": roles, "panels": dashboard_panels_for(user)}  # type: ignore[arg-type]
    return render(request, "web/dashboard.html", context)
