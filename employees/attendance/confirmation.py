"""The monthly confirmation (月度考勤确认): the employee (or HR for them) confirms a month's
attendance; from then on the month is locked (`locks.lock_check`)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.attendance.permissions import is_hr_admin
from employees.models import Employee, MonthConfirmation
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


@transaction.atomic
def month_confirm(*, employee: Employee, month: date, actor: User | None) -> MonthConfirmation:
    """Confirm a month that has ended; confirming it again changes nothing."""
    month = month.replace(day=1)
    if actor is not None and not (is_hr_admin(actor) or employee.user_id == actor.pk):
        raise ApplicationError(_("Only the employee or HR may confirm this month."))
    if month >= timezone.localdate().replace(day=1):
        raise ApplicationError(
            _("A month is confirmed once it has ended."), extra={"field": "month"}
        )
    confirmation, created = MonthConfirmation.objects.get_or_create(
        employee=employee, month=month, defaults={"confirmed_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action="attendance.month_confirmed",
            target=confirmation,
            changes={"month": [None, month.isoformat()]},
        )
    return confirmation
