"""The company's leave policy (company annual days, carrying unused leave, when HR
approves too) and approval delegations: HR's settings, changed through these services."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from employees.models import LeaveDelegation, LeaveSettings
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record, audited_update
from hrflow.core.errors import ApplicationError


@transaction.atomic
def leave_settings_save(
    *,
    company_annual_days: int,
    carry_unused_annual: bool,
    hr_approval_over_days: int,
    actor: User | None,
) -> LeaveSettings:
    """Change the leave policy; refused whole when a value is out of bounds."""
    if not 0 <= company_annual_days <= 60:
        raise ApplicationError(
            _("Company annual leave is from 0 to 60 days a year."),
            extra={"field": "company_annual_days"},
        )
    if not 0 <= hr_approval_over_days <= 365:
        raise ApplicationError(
            _("HR approves requests longer than 0 to 365 days."),
            extra={"field": "hr_approval_over_days"},
        )
    row = LeaveSettings.objects.select_for_update().get(pk=LeaveSettings.current().pk)
    audited_update(
        row,
        {
            "company_annual_days": company_annual_days,
            "carry_unused_annual": carry_unused_annual,
            "hr_approval_over_days": hr_approval_over_days,
        },
        actor=actor,
        action="employees.leave_settings_save",
    )
    return row


@transaction.atomic
def leave_delegation_add(
    *, from_user: User, to_user: User, starts: date, ends: date, actor: User | None
) -> LeaveDelegation:
    """`to_user` decides `from_user`'s leave approvals from `starts` to `ends`."""
    if from_user.pk == to_user.pk:
        raise ApplicationError(_("Delegate to someone else."), extra={"field": "to_user"})
    if ends < starts:
        raise ApplicationError(_("The delegation ends before it starts."), extra={"field": "ends"})
    delegation = LeaveDelegation.objects.create(
        from_user=from_user, to_user=to_user, starts=starts, ends=ends
    )
    audit_record(
        actor=actor,
        action="employees.leave_delegation_add",
        target=delegation,
        changes={
            "from_user": from_user.pk,
            "to_user": to_user.pk,
            "starts": starts.isoformat(),
            "ends": ends.isoformat(),
        },
    )
    return delegation
