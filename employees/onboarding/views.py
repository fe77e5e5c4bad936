"""HR's onboarding pages: plans with progress, templates, and everyone's own task list.

Plans and tasks are read through their scoped querysets: an id outside the
viewer's scope is 404, exactly like a missing one.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import Employee, OnboardingPlan, OnboardingTask, OnboardingTemplate
from employees.models import OnboardingTemplateTask as TemplateTask
from employees.onboarding.forms import (
    BuddyForm,
    InviteForm,
    TaskDoneForm,
    TemplateForm,
    TemplateTaskForm,
)
from employees.selectors.onboarding import plan_tasks, plans_for, tasks_for
from employees.services.onboarding import (
    onboarding_buddy_set,
    onboarding_task_complete,
    onboarding_template_create,
    onboarding_template_task_delete,
    onboarding_template_task_save,
    onboarding_template_update,
)
from employees.services.preboarding import preboarding_invite
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

PAGE_SIZE = 50
MANAGE = "employees.change_onboardingtemplate"


@permission_view("employees.view_onboardingplan")
@require_GET
def plan_list_view(request: HttpRequest) -> HttpResponse:
    """Every plan in progress (or all, with ?all=1), newest start first, with its progress."""
    user = cast(User, request.user)
    plans = plans_for(user)
    if request.GET.get("all") != "1":
        plans = plans.filter(status=OnboardingPlan.Status.ACTIVE)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employees/onboarding/plan_list.html", {"page": page})


@login_required
@require_GET
def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    plan = get_scoped_or_404(
        OnboardingPlan.objects.select_related("employee", "buddy"), user, pk=pk
    )
    can_manage = user.has_perm("employees.change_onboardingplan")
    context = {
        "plan": plan,
        "tasks": plan_tasks(plan),
        "can_manage": can_manage,
        "visible_task_ids": set(scoped(plan.tasks.all(), user).values_list("pk", flat=True)),
        "invite_form": InviteForm(initial={"required_documents": plan.required_documents}),
        "buddy_form": BuddyForm(initial={"number": plan.buddy.number if plan.buddy else ""}),
        "links": plan.employee.preboarding_links.order_by("-created_at")[:3] if can_manage else [],
    }
    return render(request, "employees/onboarding/plan_detail.html", context)


@permission_view("employees.change_onboardingplan")
@require_POST
def plan_invite_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    plan = get_scoped_or_404(OnboardingPlan.objects.select_related("employee"), user, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the required uploads from the list."))
        return redirect("employees:onboarding-plan", pk=plan.pk)
    try:
        preboarding_invite(
            employee=plan.employee,
            actor=user,
            required_documents=form.cleaned_data["required_documents"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The pre-boarding link was sent to the new hire."))
    return redirect("employees:onboarding-plan", pk=plan.pk)


@permission_view("employees.change_onboardingplan")
@require_POST
def plan_buddy_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    plan = get_scoped_or_404(OnboardingPlan.objects.select_related("employee"), user, pk=pk)
    form = BuddyForm(request.POST)
    number = form.cleaned_data["number"].strip() if form.is_valid() else None
    buddy = None
    if number:
        buddy = (
            scoped(Employee.objects.all(), user).filter(number=number, left_on__isnull=True).first()
        )
    if number is None or (number and buddy is None):
        messages.error(request, _("No current employee has that number."))
        return redirect("employees:onboarding-plan", pk=plan.pk)
    try:
        onboarding_buddy_set(plan=plan, buddy=buddy, actor=user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Buddy saved."))
    return redirect("employees:onboarding-plan", pk=plan.pk)


@login_required
@require_GET
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    """The open onboarding tasks the viewer (or their team) owns, earliest due first."""
    user = cast(User, request.user)
    tasks = tasks_for(user).order_by("due_on", "plan_id", "order", "pk")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employees/onboarding/my_tasks.html", {"page": page})


@login_required
@require_POST
def task_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    task = get_scoped_or_404(OnboardingTask.objects.select_related("plan"), user, pk=pk)
    form = TaskDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        onboarding_task_complete(
            task=task, actor=user, note=note, done=request.POST.get("undo") != "1"
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    back = request.POST.get("next")
    if back == "plan" and scoped(OnboardingPlan.objects.filter(pk=task.plan_id), user).exists():
        return redirect("employees:onboarding-plan", pk=task.plan_id)
    return redirect("employees:onboarding-my-tasks")


@permission_view(MANAGE)
@require_GET
def template_list_view(request: HttpRequest) -> HttpResponse:
    templates = (
        scoped(OnboardingTemplate.objects.all(), request.user)
        .select_related("department", "position")
        .prefetch_related("tasks")
    )
    return render(request, "employees/onboarding/template_list.html", {"templates": templates})


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_create_view(request: HttpRequest) -> HttpResponse:
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = onboarding_template_create(
                actor=cast(User, request.user), **form.cleaned_data
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            return redirect("employees:onboarding-template", pk=template.pk)
    status = 400 if form.errors else 200
    return render(request, "employees/onboarding/template_form.html", {"form": form}, status=status)


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The template's filters (editable) and its tasks, each editable, and a form to add one."""
    template = get_scoped_or_404(OnboardingTemplate.objects.all(), request.user, pk=pk)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_template_update(
                template=OnboardingTemplate.objects.get(pk=template.pk),
                actor=cast(User, request.user),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Template saved."))
            return redirect("employees:onboarding-template", pk=template.pk)
    context = {
        "template": template,
        "form": form,
        "tasks": template.tasks.order_by("due_offset_days", "order", "pk"),
        "task_form": TemplateTaskForm(),
    }
    return render(
        request,
        "employees/onboarding/template_detail.html",
        context,
        status=400 if form.errors else 200,
    )


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_task_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one task of a template (GET shows the form)."""
    task = TemplateTask.objects.filter(
        pk=pk, template__in=scoped(OnboardingTemplate.objects.all(), request.user)
    ).first()
    if task is None:
        raise Http404
    form = TemplateTaskForm(request.POST or None, instance=TemplateTask.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            onboarding_template_task_save(
                template=task.template,
                task=task,
                actor=cast(User, request.user),
                **form.cleaned_data,
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            return redirect("employees:onboarding-template", pk=task.template_id)
    return render(
        request,
        "employees/onboarding/template_task_form.html",
        {"form": form, "task": task},
        status=400 if form.errors else 200,
    )


@permission_view(MANAGE)
@require_POST
def template_task_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_scoped_or_404(OnboardingTemplate.objects.all(), request.user, pk=pk)
    form = TemplateTaskForm(request.POST)
    if form.is_valid():
        try:
            onboarding_template_task_save(
                template=template, actor=cast(User, request.user), **form.cleaned_data
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Task added."))
            return redirect("employees:onboarding-template", pk=template.pk)
    context = {
        "template": template,
        "form": TemplateForm(instance=template),
        "tasks": template.tasks.order_by("due_offset_days", "order", "pk"),
        "task_form": form,
    }
    return render(request, "employees/onboarding/template_detail.html", context, status=400)


@permission_view(MANAGE)
@require_POST
def template_task_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = TemplateTask.objects.filter(
        pk=pk, template__in=scoped(OnboardingTemplate.objects.all(), request.user)
    ).first()
    if task is None:
        raise Http404
    template_id = task.template_id
    onboarding_template_task_delete(task=task, actor=cast(User, request.user))
    messages.success(request, _("Task removed from the template."))
    return redirect("employees:onboarding-template", pk=template_id)
