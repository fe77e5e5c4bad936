"""HR's page of competency requirements per position and job family."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from employees.models import CompetencyRequirement
from employees.skills.forms import RequirementForm
from employees.skills.services import requirement_set
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError


@permission_view("employees.change_competencyrequirement")
@require_http_methods(["GET", "POST"])
def requirement_list_view(request: HttpRequest) -> HttpResponse:
    """Every requirement, by position then job family, and a form to set or drop one."""
    form = RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            requirement_set(actor=cast(User, request.user), **form.cleaned_data)
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Requirement saved."))
            return redirect("employees:skills-requirements")
    requirements = CompetencyRequirement.objects.select_related("position", "competency").order_by(
        "position__title", "job_family", "competency__code"
    )
    return render(
        request,
        "employees/training/requirements.html",
        {
            "form": form,
            "requirements": requirements,
            "nav_current": "employees:skills-requirements",
        },
        status=400 if form.errors else 200,
    )
