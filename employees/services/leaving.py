"""An employee leaving: the dated status change and the outcome analytics reads.

Leaving from today when the last day is still ahead, left from the last day (the
roster's last day follows), the contract in force ended on the last day with the
same reason, and one leaving outcome (voluntary or not, and why). The offboarding
checklist is made with it; the sign-in account is closed at once when the last day is
over already, otherwise by the nightly job at the end of the last day.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Assignment, Employee, EmployeeStatus, Outcome
from employees.selectors.contracts import contract_current
from employees.services.assignments import assignment_change
from employees.services.contracts import contract_end
from employees.services.offboarding import (
    leaver_account_deactivate,
    offboarding_checklist_create,
)
from employees.services.outcomes import outcome_record
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError

REASON_MAX = 500


@transaction.atomic
def employee_leave(
    *, employee: Employee, last_day: date, voluntary: bool, reason: str, actor: User | None
) -> Outcome:
    # The employee's row lock first (Employee select_for_update): two quick submits
    # queue here, and the second sees the first's LEFT assignment below and is told the
    # leaving is recorded, rather than failing later inside assignment_change.
    employee = employee_lock(employee.pk)
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX or "\x00" in reason:
        raise ApplicationError(
            _("Say why the employee leaves (at most %(max)s characters).") % {"max": REASON_MAX},
            extra={"field": "reason"},
        )
    if Assignment.objects.filter(employee=employee, status=EmployeeStatus.LEFT).exists():
        raise ApplicationError(_("This employee's leaving is recorded already."))
    if last_day < employee.hire_date:
        raise ApplicationError(
            _("The last day cannot come before the first (%(day)s).")
            % {"day": employee.hire_date.isoformat()},
            extra={"field": "last_day"},
        )
    today = timezone.localdate()
    contract = contract_current(employee, on=last_day)
    if last_day > today:
        assignment_change(
            employee=employee,
            valid_from=today,
            change=Assignment.Change.LEAVING,
            actor=actor,
            reason=reason,
            status=EmployeeStatus.LEAVING,
        )
    assignment_change(
        employee=employee,
        valid_from=last_day,
        change=Assignment.Change.LEAVING,
        actor=actor,
        reason=reason,
        status=EmployeeStatus.LEFT,
    )
    if contract is not None and contract.ended_on is None:
        contract_end(contract=contract, ended_on=last_day, reason=reason, actor=actor)
    offboarding_checklist_create(employee=employee, last_day=last_day, actor=actor)
    if last_day < today:
        leaver_account_deactivate(employee=employee, actor=actor)
    return outcome_record(
        employee=employee,
        kind=Outcome.Kind.LEAVING,
        occurred_on=last_day,
        origin_ref=f"employees.leaving:{employee.pk}",
        voluntary=voluntary,
        reason=reason,
    )
