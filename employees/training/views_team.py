"""The manager's training page for their team, enrolling from it, completing or
cancelling an enrolment, and the employee's own training on the phone."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from employees.models import Course, Employee, Enrolment
from employees.training.access import (
    employees_get_for_enrolment,
    enrolment_get_for_cancel,
    enrolment_get_for_completion,
    session_get_for_enrolment,
)
from employees.training.forms import CompleteForm, EnrolForm
from employees.training.selectors import own_training, team_training
from employees.training.services import (
    enrolment_cancel,
    enrolment_complete,
    enrolments_create,
)
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError


@login_required
@require_GET
def team_view(request: HttpRequest) -> HttpResponse:
    """Suggestions for the user's direct reports by competency (empty for a non-manager)."""
    today = timezone.localdate()
    return render(
        request,
        "employees/training/team.html",
        {
            "team": team_training(user=cast(User, request.user), day=today),
            "day": today,
            "complete_form": CompleteForm(initial={"completed_on": today}),
            "nav_current": "employees:training-team",
        },
    )


@login_required
@require_POST
def enrol_view(request: HttpRequest) -> HttpResponse:
    """POST course (or `course:session`), optional session, reason and `people` (ids):
    one enrolment each."""
    user = cast(User, request.user)
    form = EnrolForm(request.POST)
    ids = form.people_ids(request.POST.getlist("people"))
    if not form.is_valid() or ids is None:
        messages.error(request, _("Choose a course and the people to enrol."))
        return redirect("employees:training-team")
    people = employees_get_for_enrolment(user=user, ids=ids)
    course = get_scoped_or_404(Course.objects.all(), user, pk=form.cleaned_data["course"])
    session = session_get_for_enrolment(course=course, pk=form.cleaned_data["session"])
    try:
        created = enrolments_create(
            employees=people, course=course, session=session,
            reason=form.cleaned_data["reason"], actor=user,
        )  # fmt: skip
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)s person enrolled.", "%(count)s people enrolled.", len(created))
            % {"count": len(created)},
        )
    return redirect("employees:training-team")


@login_required
@require_POST
def enrolment_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    enrolment = enrolment_get_for_completion(user=user, pk=pk)
    form = CompleteForm(request.POST)
    back = _back(request, user, enrolment)
    if not form.is_valid():
        messages.error(request, _("Give the completion date and a result from 0 to 100."))
        return back
    try:
        enrolment_complete(enrolment=enrolment, actor=user, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked completed."))
    return back


@login_required
@require_POST
def enrolment_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an open enrolment (HR, the employee's manager, or the employee)."""
    user = cast(User, request.user)
    enrolment = enrolment_get_for_cancel(user=user, pk=pk)
    try:
        enrolment_cancel(enrolment=enrolment, actor=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Enrolment cancelled."))
    return _back(request, user, enrolment)


def _back(request: HttpRequest, user: User, enrolment: Enrolment) -> HttpResponse:
    """Back to the page the action came from: HR's course page, the employee's own
    training page, else the manager's team page."""
    where = request.POST.get("back")
    if where == "course" and user.has_perm("employees.change_course"):
        return redirect("employees:training-course", pk=enrolment.course_id)
    if where == "mine":
        return redirect("employees:training-mine")
    return redirect("employees:training-team")


@login_required
@require_GET
def mine_view(request: HttpRequest) -> HttpResponse:
    """The signed-in employee's own suggestions, enrolments and certificates (phone-first)."""
    employee = Employee.objects.filter(user_id=cast(User, request.user).pk).first()
    if employee is None:
        raise Http404
    return render(
        request,
        "employees/training/mine.html",
        {
            "data": own_training(employee, timezone.localdate()),
            "nav_current": "employees:training-mine",
        },
    )
