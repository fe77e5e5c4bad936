"""Reads of onboarding: which templates fit a new hire, open mandatory tasks, progress lists."""

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from employees.models import (
    Assignment,
    Employee,
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.org.models import Department


def employee_start_job(employee: Employee) -> Assignment | None:
    """The job record on the first day (or the latest one if the start is not recorded)."""
    return employees_start_jobs([employee])[employee.pk]


def employees_start_jobs(employees: Sequence[Employee]) -> dict[int, Assignment | None]:
    """`employee_start_job` of each, in one query: {employee id: job record or None}."""
    rows = (
        Assignment.objects.filter(employee__in=[employee.pk for employee in employees])
        .select_related("department", "location", "manager__user")
        .order_by("employee_id", "valid_from")
    )
    by_employee: dict[int, list[Assignment]] = {employee.pk: [] for employee in employees}
    for row in rows:
        by_employee[row.employee_id].append(row)
    found: dict[int, Assignment | None] = {}
    for employee in employees:
        mine = by_employee[employee.pk]
        day = employee.hire_date
        on_day = [
            row
            for row in mine
            if row.valid_from <= day and (row.valid_to is None or row.valid_to > day)
        ]
        found[employee.pk] = on_day[0] if on_day else (mine[-1] if mine else None)
    return found


def templates_matching(
    employee: Employee,
    *,
    job: Assignment | None = None,
    active: Sequence[OnboardingTemplate] | None = None,
) -> list[OnboardingTemplate]:
    """The active templates for this new hire: every filter a template sets must match.

    Department matches the hire's department or any department above it (a
    template for 研发中心 applies to its 后端组); city matches the work
    location's city; a template without filters applies to everyone. `active`
    lets a bulk hire read the templates once for everybody.
    """
    job = job or employee_start_job(employee)
    department_ids: set[int] = set()
    position_id = None
    city = ""
    if job is not None:
        department = job.department
        department_ids = {*_ancestor_ids(department), department.pk}
        position_id = job.position_id
        city = (job.location.city if job.location else "") or employee.city
    city = (city or "").strip().casefold()
    if active is None:
        active = list(OnboardingTemplate.objects.filter(is_active=True).order_by("pk"))
    return [
        template
        for template in active
        if (template.department_id is None or template.department_id in department_ids)
        and (template.position_id is None or template.position_id == position_id)
        and (not template.city or template.city.casefold() == city)
    ]


def _ancestor_ids(department: Department) -> list[int]:
    if department.path:
        return department.ancestor_ids()
    ids = []  # a department saved without the org service has no path: walk up
    current = department.parent
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def onboarding_open_mandatory(employee: Employee) -> list[OnboardingTask]:
    """The mandatory tasks of the employee's plan still open, earliest due first."""
    return list(
        OnboardingTask.objects.filter(plan__employee=employee, mandatory=True)
        .open()
        .order_by("due_on", "order", "pk")
    )


def plans_for(viewer: User) -> QuerySet[OnboardingPlan]:
    """The plans the viewer may see, each with its task counts (one query for the page)."""
    return (
        scoped(OnboardingPlan.objects.all(), viewer)
        .select_related("employee", "buddy")
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__done_at__isnull=False)),
            overdue_count=Count(
                "tasks",
                filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=timezone.localdate()),
            ),
        )
        .order_by("-employee__hire_date", "-pk")
    )


def tasks_for(viewer: User, *, include_done: bool = False) -> QuerySet[OnboardingTask]:
    """The tasks assigned to the viewer or to a team they belong to (HR admins: HR's and
    unassigned ones, not every manager's)."""
    tasks = scoped(OnboardingTask.objects.all(), viewer)
    if viewer.has_role(Role.HR_ADMIN):
        tasks = tasks.filter(Q(assignee=viewer) | Q(assignee__isnull=True) | Q(owner_role="hr"))
    if not include_done:
        tasks = tasks.filter(done_at__isnull=True)
    return tasks.filter(plan__status=OnboardingPlan.Status.ACTIVE).select_related("plan__employee")


def plan_tasks(plan: OnboardingPlan) -> QuerySet[OnboardingTask]:
    return plan.tasks.select_related("assignee", "done_by").order_by("due_on", "order", "pk")


def first_day_tasks(employee: Employee, *, until: date | None = None) -> list[OnboardingTask]:
    """The new hire's own tasks (what pre-boarding shows as the first-day plan)."""
    tasks = OnboardingTask.objects.filter(plan__employee=employee, owner_role="new_hire")
    if until is not None:
        tasks = tasks.filter(due_on__lte=until)
    return list(tasks.order_by("due_on", "order", "pk"))
