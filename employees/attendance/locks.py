"""A confirmed month is locked: punches, results and overtime of that month change only
when an HR admin gives a reason, and the reason is audited."""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from employees.attendance.permissions import is_hr_admin
from employees.models import MonthConfirmation
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError


def month_of(day: date) -> date:
    return day.replace(day=1)


def locked_months(pairs: Iterable[tuple[int, date]]) -> set[tuple[int, date]]:
    """Of (employee id, day) pairs, the (employee id, first of month) confirmed (one query)."""
    wanted = {(employee_id, month_of(day)) for employee_id, day in pairs}
    if not wanted:
        return set()
    rows = MonthConfirmation.objects.filter(
        employee_id__in={employee_id for employee_id, _month in wanted},
        month__in={month for _employee_id, month in wanted},
    ).values_list("employee_id", "month")
    return {pair for pair in rows if pair in wanted}


def may_override(actor: User | None, override_reason: str) -> bool:
    return is_hr_admin(actor) and bool(override_reason.strip())


def lock_check(
    pairs: Iterable[tuple[int, date]], *, actor: User | None, override_reason: str, what: str
) -> None:
    """Refuse a change to a confirmed month unless an HR admin gives a reason; audit
    the reason when one unlocks it. `what` names the change in the audit trail."""
    locked = locked_months(pairs)
    if not locked:
        return
    if not may_override(actor, override_reason):
        months = ", ".join(sorted({f"{month:%Y-%m}" for _employee_id, month in locked}))
        raise ApplicationError(
            _(
                "The attendance of %(months)s is confirmed and locked; only an HR admin "
                "may change it, giving a reason."
            )
            % {"months": months},
            extra={"field": "override_reason"},
        )
    locked_change_audit(locked, actor=actor, override_reason=override_reason, what=what)


def locked_change_audit(
    locked: set[tuple[int, date]], *, actor: User | None, override_reason: str, what: str
) -> None:
    audit_record(
        actor=actor,
        action="attendance.locked_month_changed",
        changes={
            "change": [None, what],
            "reason": [None, override_reason.strip()],
            "months": [
                None,
                sorted(f"{employee_id}:{month:%Y-%m}" for employee_id, month in locked),
            ],
        },
    )
