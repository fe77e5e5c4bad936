"""Who decides a leave request at its current step.

The manager step: the user of the manager the employee's current assignment names, or
whoever that manager delegated to for today; an employee without a manager who can sign
in is decided by HR admins. The HR step: any HR admin. Nobody decides their own request.

A manager may pass the manager step on for a period (`LeaveDelegation`) to another
active person who signs in to hrflow (holds a role), never to themselves.
"""

from datetime import date

from django.db.models import Q, QuerySet

from employees.models import Assignment, LeaveDelegation, LeaveRequest
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.notifications.staff import hr_admins


def manager_user(request: LeaveRequest, on: date) -> User | None:
    job = (
        Assignment.objects.as_of(on)
        .filter(employee_id=request.employee_id, manager__user__is_active=True)
        .select_related("manager__user")
        .first()
    )
    return job.manager.user if job and job.manager else None


def delegates(user: User, on: date) -> list[User]:
    ids = LeaveDelegation.objects.on(on).filter(from_user=user).values("to_user_id")
    return list(User.objects.filter(Q(pk__in=ids), is_active=True).order_by("pk"))


def may_delegate(user: User, on: date) -> bool:
    """Whether `user` manages anyone on `on`: only a manager's step can be passed on."""
    return Assignment.objects.as_of(on).filter(manager__user_id=user.pk).exists()


def delegate_choices(from_user: User) -> QuerySet[User]:
    """Who may decide `from_user`'s approvals while they are away: active accounts that
    hold a role (HR staff, managers, employees), not `from_user`."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=Role.values) | Q(is_superuser=True))
        .exclude(pk=from_user.pk)
        .distinct()
        .order_by("full_name", "email")
    )


def step_approvers(request: LeaveRequest, on: date) -> list[User]:
    """Who may decide the request's current step on `on` (the manager and delegates)."""
    if request.step == LeaveRequest.Step.MANAGER:
        manager = manager_user(request, on)
        if manager is not None:
            return [manager, *delegates(manager, on)]
    return list(hr_admins())


def may_decide(request: LeaveRequest, actor: User, on: date) -> bool:
    if request.employee.user_id == actor.pk:
        return False
    if request.step == LeaveRequest.Step.MANAGER and manager_user(request, on) is not None:
        return any(person.pk == actor.pk for person in step_approvers(request, on))
    return Role.HR_ADMIN in user_roles(actor)
