"""Who decides on attendance requests: HR admins, and the employee's current manager."""

from django.db.models import Q

from employees.models import Employee
from employees.models.scoping import reports_filter
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles


def is_hr_admin(user: User | None) -> bool:
    return user is not None and Role.HR_ADMIN in user_roles(user)


def may_decide_for(user: User | None, employee: Employee) -> bool:
    """HR admins, or the person the employee reports to today (not the employee)."""
    if user is None:
        return False
    if is_hr_admin(user):
        return True
    return Employee.objects.filter(reports_filter(user), pk=employee.pk).exists()


def may_ask_for(user: User | None, employee: Employee) -> bool:
    """The employee themselves, their manager or HR may ask for a correction or overtime."""
    if user is None:
        return False
    if is_hr_admin(user):
        return True
    return Employee.objects.filter(
        Q(user_id=user.pk) | reports_filter(user), pk=employee.pk
    ).exists()
