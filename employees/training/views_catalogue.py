"""HR's catalogue pages: courses with what they build, their sessions, and the policy."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import Course, Enrolment, TrainingSettings
from employees.training.courses import course_create, course_update, session_create
from employees.training.effect import course_effect
from employees.training.forms import BUILDS_ROWS, CourseForm, SessionForm, TrainingSettingsForm
from employees.training.policy import training_settings_save
from employees.training.selectors import course_list
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

EDIT = "employees.change_course"


@permission_view(EDIT)
@require_GET
def course_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employees/training/course_list.html",
        {"courses": course_list(), "nav_current": "employees:training-courses"},
    )


@permission_view(EDIT)
@require_http_methods(["GET", "POST"])
def course_create_view(request: HttpRequest) -> HttpResponse:
    return _course_form(request, None)


@permission_view(EDIT)
@require_http_methods(["GET", "POST"])
def course_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form(request, get_scoped_or_404(Course.objects.all(), request.user, pk=pk))


def _course_form(request: HttpRequest, course: Course | None) -> HttpResponse:
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            fields, builds = form.course_fields(), form.cleaned_data["builds"]
            actor = cast(User, request.user)
            saved = (
                course_create(fields=fields, builds=builds, actor=actor)
                if course is None
                else course_update(course=course, fields=fields, builds=builds, actor=actor)
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Course saved."))
            return redirect("employees:training-course", pk=saved.pk)
    context = {
        "form": form,
        "course": course,
        "rows": [(form[f"competency_{row}"], form[f"level_{row}"]) for row in range(BUILDS_ROWS)],
        "sessions": course.sessions.all() if course else [],
        # HR marks anyone's enrolment completed from here (managers from their team page).
        "enrolments": (
            course.enrolments.filter(status=Enrolment.Status.ENROLLED)
            .select_related("employee", "session")
            .order_by("employee__full_name", "pk")
            if course
            else []
        ),
        "today": timezone.localdate(),
        "session_form": SessionForm(),
        "nav_current": "employees:training-courses",
    }
    status = 400 if form.errors else 200
    return render(request, "employees/training/course_form.html", context, status=status)


@permission_view(EDIT)
@require_POST
def session_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_scoped_or_404(Course.objects.all(), request.user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            session_create(course=course, actor=cast(User, request.user), **form.cleaned_data)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Session added."))
    else:
        messages.error(request, _("Check the session's times and seats."))
    return redirect("employees:training-course", pk=course.pk)


@permission_view(EDIT)
@require_GET
def course_effect_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviews before and after the course, for those who took it and those who did not."""
    course = get_scoped_or_404(Course.objects.all(), request.user, pk=pk)
    return render(
        request,
        "employees/training/effect.html",
        {
            "course": course,
            "rows": course_effect(course),
            "nav_current": "employees:training-courses",
        },
    )


@permission_view(EDIT)
@require_http_methods(["GET", "POST"])
def training_settings_view(request: HttpRequest) -> HttpResponse:
    """The training policy: who counts as weak in the pool, when certificates warn."""
    form = TrainingSettingsForm(request.POST or None, instance=TrainingSettings.current())
    if request.method == "POST" and form.is_valid():
        try:
            training_settings_save(
                weak_pool_percentile=form.cleaned_data["weak_pool_percentile"],
                certificate_warn_days=form.cleaned_data["certificate_warn_days"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Training settings saved."))
            return redirect("employees:training-settings")
    return render(
        request,
        "employees/training/settings.html",
        {"form": form, "nav_current": "employees:training-courses"},
        status=400 if form.errors else 200,
    )
