"""The offboarding checklist: a leaver's tasks, everyone's own open tasks, ticking one
off, and the template HR keeps.

Tasks are read through their scoped queryset: HR admins see every task; a manager, an
IT member or a payroll officer sees the tasks they own, and a leaver's page only when
they own one of its tasks (404 otherwise, like a missing page).
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.leaving.forms import TaskDoneForm, TemplateTaskEditForm, TemplateTaskForm
from employees.leaving.selectors import checklist_tasks, is_hr, leaver_by_ref, my_open_tasks
from employees.models import OffboardingTask, OffboardingTemplateTask
from employees.services.offboarding import (
    offboarding_task_complete,
    offboarding_template_task_delete,
    offboarding_template_task_save,
)
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page

PAGE_SIZE = 50
MANAGE = "employees.change_offboardingtemplatetask"


@login_required
@require_GET
def checklist_view(request: HttpRequest, ref: str) -> HttpResponse:
    user = cast(User, request.user)
    employee = leaver_by_ref(ref)
    tasks = checklist_tasks(user, employee)
    hr = is_hr(user)
    if not hr and not tasks:
        raise Http404
    context = {
        "employee": employee,
        "tasks": tasks,
        "is_hr": hr,
        "nav_current": "employees:leavers" if hr else "employees:offboarding-my-tasks",
    }
    return render(request, "employees/leaving/checklist.html", context)


@login_required
@require_GET
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    """The open offboarding tasks the viewer (or their team) owns, earliest due first."""
    tasks = my_open_tasks(cast(User, request.user))
    page = Paginator(tasks, PAGE_SIZE).get_page(parse_page(request.GET.get("page")))
    context = {"page": page, "nav_current": "employees:offboarding-my-tasks"}
    return render(request, "employees/leaving/my_tasks.html", context)


@login_required
@require_POST
def task_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    task = get_scoped_or_404(OffboardingTask.objects.select_related("employee"), user, pk=pk)
    form = TaskDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The task could not be changed: send the form again."))
    else:
        try:
            offboarding_task_complete(
                task=task,
                actor=user,
                note=form.cleaned_data["note"],
                done=form.cleaned_data["done"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
    if form.is_valid() and form.cleaned_data["back"] == "mine":
        return redirect("employees:offboarding-my-tasks")
    return redirect("employees:employee-offboarding", ref=task.employee.number)


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_view(request: HttpRequest) -> HttpResponse:
    """The checklist every leaver starts with, and a form to add a task to it."""
    form = TemplateTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offboarding_template_task_save(actor=cast(User, request.user), **form.cleaned_data)
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Task added."))
            return redirect("employees:offboarding-template")
    context = {
        "tasks": list(OffboardingTemplateTask.objects.all()),
        "form": form,
        "nav_current": "employees:offboarding-template",
    }
    status = 400 if form.errors else 200
    return render(request, "employees/leaving/template.html", context, status=status)


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_task_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_scoped_or_404(OffboardingTemplateTask.objects.all(), request.user, pk=pk)
    form = TemplateTaskEditForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            offboarding_template_task_save(
                actor=cast(User, request.user),
                task=OffboardingTemplateTask.objects.get(pk=task.pk),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Task saved."))
            return redirect("employees:offboarding-template")
    status = 400 if form.errors else 200
    context = {"task": task, "form": form, "nav_current": "employees:offboarding-template"}
    return render(request, "employees/leaving/template_task.html", context, status=status)


@permission_view(MANAGE)
@require_POST
def template_task_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_scoped_or_404(OffboardingTemplateTask.objects.all(), request.user, pk=pk)
    try:
        offboarding_template_task_delete(task=task, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Task removed."))
    return redirect("employees:offboarding-template")
