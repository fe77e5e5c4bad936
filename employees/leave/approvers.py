"""Who decides a leave request at its current step.

The manager step: the user of the manager the employee's current assignment names, or
whoever that manager delegated to for today; an employee without a manager who can sign
in is decided by HR admins. The HR step: any HR admin. Nobody decides their own request.
"""

from datetime import date

from django.db.models import Q

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
