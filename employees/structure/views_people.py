"""People pages of the structure: a manager's team, and an employee's sign-in account."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.models import Employee
from employees.selectors.team import team_of
from employees.services.accounts import employee_account_create
from employees.structure.forms import EmployeeAccountForm
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError


@permission_view("employees.view_position")
@require_GET
def my_team_view(request: HttpRequest) -> HttpResponse:
    """The signed-in manager's direct reports today (empty for someone who manages nobody)."""
    today = timezone.localdate()
    return render(
        request,
        "employees/team.html",
        {
            "team": team_of(user=cast(User, request.user), day=today),
            "day": today,
            "nav_current": "employees:my-team",
        },
    )


@permission_view("accounts.add_user")
@require_POST
def employee_account_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """POST `email` (the work e-mail when none is given): the employee gets an account.

    For the employee page's button; answers with a redirect back to `next` (or the
    employee page) and a message saying what happened.
    """
    employee = get_scoped_or_404(Employee.objects.all(), request.user, pk=pk)
    form = EmployeeAccountForm({"email": request.POST.get("email") or employee.email})
    if not form.is_valid():
        messages.error(request, " ".join(str(problem) for problem in form.errors["email"]))
    else:
        try:
            user = employee_account_create(
                employee=employee,
                email=form.cleaned_data["email"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s can now sign in as %(email)s.")
                % {"name": employee.full_name, "email": user.email},
            )
    return HttpResponseRedirect(_next(request, employee))


def _next(request: HttpRequest, employee: Employee) -> str:
    target = request.POST.get("next", "")
    # Only a path on this site: a bare word would be taken for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("employees:employee-detail", kwargs={"ref": employee.number})
