"""Who handles pay, and the employees whose pay they handle.

Pay is payroll officers' and HR admins' alone (`PayrollQuerySet` scopes the pay rows the
same way). A payroll officer pays everyone, so on the pay pages and the pay API the
employee an URL or a body names is looked up among all employees for them, and among
none for anyone else: a line manager does not read their reports' salaries. The
employee scope itself stays as it is, so holding the payroll role opens no employee
record, contract or note.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from employees.models import Employee
from employees.records.selectors import ENCRYPTED
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.params import parse_id

PAY_ROLES = frozenset({Role.HR_ADMIN, Role.PAYROLL})


def handles_pay(user: Any) -> bool:
    return bool(user_roles(user) & PAY_ROLES)


def pay_employees(user: Any) -> QuerySet[Employee]:
    """The employees whose pay `user` may read and change: all of them, or none. The
    encrypted fields stay unread: a pay page shows none of them."""
    employees = Employee.objects.defer(*ENCRYPTED)
    return employees if handles_pay(user) else employees.none()


def pay_employee_by_ref(user: Any, ref: str) -> Employee:
    """The employee an URL names by number (E000123) or id, among those whose pay the
    user handles; anyone else, and any unknown employee, is a 404."""
    employees = pay_employees(user)
    ref = (ref or "").strip()
    pk = parse_id(ref)
    found = (
        employees.filter(pk=pk).first()
        if pk is not None
        else employees.filter(number=ref[:20].upper()).first()
    )
    if found is None:
        raise Http404
    return found
