"""Onboarding plans: made at hire from the matching templates, ticked off, reminded.

`onboarding_plan_create` is what the hire calls (recruiting registers it as a
hired handler, inside the hire's transaction): one plan per employee, so a
second call returns the first plan. Each task's assignee is resolved once, from
the job record on the first day: the manager's account, the buddy's, the new
hire's own; HR and IT tasks stay with the team (any HR admin, or any member of
the HRFLOW_ONBOARDING_IT_GROUP group, HR when it has nobody).
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.models import (
    Employee,
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    OnboardingTemplateTask,
    OwnerRole,
)
from employees.selectors.onboarding import (
    employee_start_job,
    employees_start_jobs,
    onboarding_open_mandatory,
    templates_matching,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.core.audit import audit_record, audit_record_many, diff_fields
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import staff_notify

OVERDUE_EVENT = "onboarding_task_overdue"


@transaction.atomic
def onboarding_plan_create(*, employee: Employee, actor: User | None) -> OnboardingPlan:
    """Make the employee's plan from every matching template (or return the one they have)."""
    return onboarding_plans_create(employees=[employee], actor=actor)[0]


@transaction.atomic
def onboarding_plans_create(
    *, employees: Sequence[Employee], actor: User | None
) -> list[OnboardingPlan]:
    """`onboarding_plan_create` for many new hires at once (a bulk hire), in a few
    statements in all; answers in the order of `employees`."""
    ids = sorted({employee.pk for employee in employees})
    # The employee rows are the lock: two hires of one application cannot both find no
    # plan. Taken in pk order, as every lock on employees is.
    list(Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    plans = {plan.employee_id: plan for plan in OnboardingPlan.objects.filter(employee_id__in=ids)}
    fresh = list(
        {employee.pk: employee for employee in employees if employee.pk not in plans}.values()
    )
    if fresh:
        plans |= _plans_make(fresh, actor)
    return [plans[employee.pk] for employee in employees]


def _plans_make(employees: list[Employee], actor: User | None) -> dict[int, OnboardingPlan]:
    jobs = employees_start_jobs(employees)
    active = list(OnboardingTemplate.objects.filter(is_active=True).order_by("pk"))
    chosen = {
        employee.pk: templates_matching(employee, job=jobs[employee.pk], active=active)
        for employee in employees
    }
    made = {}
    for employee in employees:
        plan = OnboardingPlan(employee=employee)
        plan.full_clean(exclude=["employee"], validate_unique=False, validate_constraints=False)
        made[employee.pk] = plan
    OnboardingPlan.objects.bulk_create(made.values())
    OnboardingPlan.templates.through.objects.bulk_create(
        OnboardingPlan.templates.through(
            onboardingplan_id=made[employee_id].pk, onboardingtemplate_id=template.pk
        )
        for employee_id, templates in chosen.items()
        for template in templates
    )
    sources_of: dict[int, list[OnboardingTemplateTask]] = {}
    for source in OnboardingTemplateTask.objects.filter(
        template__in={template.pk for templates in chosen.values() for template in templates}
    ):
        sources_of.setdefault(source.template_id, []).append(source)
    tasks = []
    for employee in employees:
        job = jobs[employee.pk]
        # Read once for the whole plan: a task per owner role would ask for it again.
        manager = job.manager.user if job is not None and job.manager is not None else None
        sources = sorted(
            (
                source
                for template in chosen[employee.pk]
                for source in sources_of.get(template.pk, [])
            ),
            key=lambda source: (
                source.due_offset_days,
                source.template_id,
                source.order,
                source.pk,
            ),
        )
        tasks += [
            _task_from(made[employee.pk], employee, source, order, manager)
            for order, source in enumerate(sources)
        ]
    OnboardingTask.objects.bulk_create(tasks)
    audit_record_many(
        actor=actor,
        action="employees.onboarding_plan_create",
        changes_by_target=[
            (employee, {"templates": [template.pk for template in chosen[employee.pk]]})
            for employee in employees
        ],
    )
    return made


def _task_from(
    plan: OnboardingPlan,
    employee: Employee,
    source: OnboardingTemplateTask,
    order: int,
    manager: User | None,
) -> OnboardingTask:
    return OnboardingTask(
        plan=plan,
        template_task=source,
        title=source.title,
        title_en=source.title_en,
        description=source.description,
        owner_role=source.owner_role,
        assignee=(
            manager
            if source.owner_role == OwnerRole.MANAGER
            else assignee_for(source.owner_role, employee=employee, buddy=plan.buddy)
        ),
        due_on=employee.hire_date + timedelta(days=source.due_offset_days),
        mandatory=source.mandatory,
        order=order,
    )


def assignee_for(role: str, *, employee: Employee, buddy: Employee | None) -> User | None:
    """Who does a task of `role` for this new hire; None: the team's (HR, IT) or nobody yet."""
    if role == OwnerRole.MANAGER:
        job = employee_start_job(employee)
        manager = job.manager if job is not None else None
        return manager.user if manager is not None else None
    if role == OwnerRole.BUDDY:
        return buddy.user if buddy is not None else None
    if role == OwnerRole.NEW_HIRE:
        return employee.user
    return None


@transaction.atomic
def onboarding_buddy_set(
    *, plan: OnboardingPlan, buddy: Employee | None, actor: User
) -> OnboardingPlan:
    """Name (or clear) the buddy; their open tasks move to the new buddy's account."""
    if buddy is not None and buddy.pk == plan.employee_id:
        raise ApplicationError(
            _("The new hire cannot be their own buddy."), extra={"field": "buddy"}
        )
    old = plan.buddy_id
    plan.buddy = buddy
    plan.save(update_fields=["buddy", "updated_at"])
    plan.tasks.open().filter(owner_role=OwnerRole.BUDDY).update(
        assignee=buddy.user if buddy is not None else None
    )
    audit_record(
        actor=actor,
        action="employees.onboarding_buddy_set",
        target=plan.employee,
        changes={"buddy": [old, buddy.pk if buddy else None]},
    )
    return plan


@transaction.atomic
def onboarding_task_complete(
    *, task: OnboardingTask, actor: User, note: str = "", done: bool = True
) -> OnboardingTask:
    """Tick a task done (or open it again); the plan completes when nothing is left open."""
    task = OnboardingTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if done == task.is_done:
        raise ApplicationError(
            _("This task is already done.") if done else _("This task is still open.")
        )
    task.done_at = timezone.now() if done else None
    task.done_by = actor if done else None
    task.note = note.strip()[:500] if done else task.note
    task.full_clean(exclude=["plan", "template_task", "assignee", "done_by"])
    task.save(update_fields=["done_at", "done_by", "note"])
    plan = task.plan
    finished = not plan.tasks.open().exists()
    status = OnboardingPlan.Status.COMPLETED if finished else OnboardingPlan.Status.ACTIVE
    if plan.status != status:
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.onboarding_task_done" if done else "employees.onboarding_task_reopen",
        target=plan.employee,
        changes={"task": task.pk, "title": task.title, "note": task.note},
    )
    return task


def onboarding_regular_check(employee: Employee) -> None:
    """Refuse the status "regular" while a mandatory onboarding task is open, naming them."""
    open_tasks = onboarding_open_mandatory(employee)
    if open_tasks:
        raise ApplicationError(
            _("Mandatory onboarding tasks are still open: %(tasks)s.")
            % {"tasks": "、".join(task.shown_title for task in open_tasks)},
            extra={"field": "status", "tasks": [task.pk for task in open_tasks]},
        )


def _clean_template_values(values: dict[str, Any]) -> dict[str, Any]:
    allowed = {"name", "department", "position", "city", "is_active"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not a template field: {sorted(unknown)}")
    if "city" in values:
        values["city"] = (values["city"] or "").strip()
    return values


@transaction.atomic
def onboarding_template_create(*, actor: User, **values: Any) -> OnboardingTemplate:
    template = OnboardingTemplate(**_clean_template_values(values))
    template.full_clean()
    template.save()
    audit_record(
        actor=actor,
        action="employees.onboarding_template_create",
        target=template,
        changes={"name": template.name},
    )
    return template


@transaction.atomic
def onboarding_template_update(
    *, template: OnboardingTemplate, actor: User, **values: Any
) -> OnboardingTemplate:
    values = _clean_template_values(values)
    changes = diff_fields(template, values)
    for field, value in values.items():
        setattr(template, field, value)
    template.full_clean()
    template.save(update_fields=[*values, "updated_at"])
    audit_record(
        actor=actor, action="employees.onboarding_template_update", target=template, changes=changes
    )
    return template


TASK_FIELDS = (
    "title",
    "title_en",
    "description",
    "owner_role",
    "due_offset_days",
    "mandatory",
    "order",
)


@transaction.atomic
def onboarding_template_task_save(
    *,
    template: OnboardingTemplate,
    actor: User,
    task: OnboardingTemplateTask | None = None,
    **values: Any,
) -> OnboardingTemplateTask:
    """Add a task to the template, or change one of its tasks. Plans made before keep theirs."""
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"not a template task field: {sorted(unknown)}")
    if task is not None and task.template_id != template.pk:
        raise ApplicationError(_("This task belongs to another template."))
    row = task or OnboardingTemplateTask(template=template)
    changes = diff_fields(row, values) if task is not None else dict(values)
    for field, value in values.items():
        setattr(row, field, value)
    row.full_clean(exclude=["template"])
    row.save()
    audit_record(
        actor=actor,
        action="employees.onboarding_template_task_save",
        target=template,
        changes={"task": row.pk, **changes},
    )
    return row


@transaction.atomic
def onboarding_template_task_delete(*, task: OnboardingTemplateTask, actor: User) -> None:
    template = task.template
    audit_record(
        actor=actor,
        action="employees.onboarding_template_task_delete",
        target=template,
        changes={"task": task.pk, "title": task.title},
    )
    task.delete()


def onboarding_overdue_remind(*, today: date | None = None) -> int:
    """Tell each overdue task's assignee (the team, for a team's task) once a day.

    Idempotent per task and day: the outbox key holds both, so the periodic
    task running twice in a day (a retry, a second beat) queues nothing new.
    Returns how many messages were queued.
    """
    today = today or timezone.localdate()
    overdue = (
        OnboardingTask.objects.overdue(today)
        .select_related("assignee", "plan__employee")
        .order_by("pk")
    )
    queued = 0
    teams: dict[str, list[User]] = {}
    for task in overdue:
        people = [task.assignee] if task.assignee is not None else _team(task.owner_role, teams)
        queued += _remind(task, [person for person in people if person.is_active], today)
    return queued


def _remind(task: OnboardingTask, people: Iterable[User], today: date) -> int:
    employee = task.plan.employee
    return staff_notify(
        people=[person for person in people if person.email],
        event=OVERDUE_EVENT,
        key=f"{OVERDUE_EVENT}:{task.pk}:{today.isoformat()}",
        values=lambda: {
            "task_title": task.shown_title,
            "employee_name": employee.shown_name,
            "due_on": task.due_on.isoformat(),
            "tasks_link": settings.HRFLOW_PUBLIC_URL.rstrip("/")
            + reverse("employees:onboarding-my-tasks"),
        },
    )


def _team(role: str, cache: dict[str, list[User]]) -> list[User]:
    """The members of the team a task without an assignee belongs to (HR when IT has none)."""
    if role not in cache:
        members: list[User] = []
        if role == OwnerRole.IT and settings.HRFLOW_ONBOARDING_IT_GROUP:
            members = list(
                _active(User.objects.filter(groups__name=settings.HRFLOW_ONBOARDING_IT_GROUP))
            )
        cache[role] = members or list(
            _active(User.objects.filter(groups__name=Role.HR_ADMIN.value))
        )
    return cache[role]


def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).distinct().order_by("pk")
