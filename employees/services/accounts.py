"""Sign-in accounts for employees: the employee role, and a link to choose a password."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Employee
from hrflow.accounts.invitations import account_invite_send
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.services import user_create
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def employee_account_create(*, employee: Employee, email: str, actor: User | None) -> User:
    """Give the employee a sign-in account with the employee role.

    An account already at `email` (a recruiter who is also on the roster) is
    linked and gains the employee role, keeping its others; a new one is made
    without a password and its owner gets the set-password e-mail. Refused when
    the employee has an account already or the address is another employee's.
    """
    employee_lock(employee.pk)
    employee = Employee.objects.select_related("user").get(pk=employee.pk)
    if employee.user is not None:
        raise ApplicationError(_("This employee already has a sign-in account."))
    address = email.strip()
    if not address:
        raise ApplicationError(_("Give an e-mail address."), extra={"field": "email"})
    # The account's row is locked too: two employees linked to one account at once would
    # both find it free and the second would fail on the one-to-one key.
    user = User.objects.select_for_update().filter(email__iexact=address).first()
    created = user is None
    if user is None:
        user = user_create(
            email=address, full_name=employee.full_name, roles=[Role.EMPLOYEE], actor=actor
        )
    else:
        if Employee.objects.filter(user=user).exists():
            raise ApplicationError(
                _("This e-mail address signs in as another employee."), extra={"field": "email"}
            )
        if not user.is_active:
            raise ApplicationError(
                _("The account at this address is deactivated."), extra={"field": "email"}
            )
        user.groups.add(Group.objects.get(name=Role.EMPLOYEE))
        user.__dict__.pop("_hrflow_roles", None)
    employee.user = user
    employee.full_clean()
    employee.save(update_fields=["user", "updated_at"])
    if not user.has_usable_password():
        account_invite_send(user=user)
    audit_record(
        actor=actor,
        action="employees.account_create",
        target=employee,
        changes={"user": [None, user.pk], "new_account": created},
    )
    return user
