"""The company's leave policy (company annual days, carrying unused leave, when HR
approves too), HR's settings; and approval delegations, set by HR or by the manager
who will be away. Each changes through these services."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from employees.leave.approvers import delegate_choices, may_delegate
from employees.models import LeaveDelegation, LeaveSettings
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.selectors import user_roles
from hrflow.core.audit import audit_record, audited_update
from hrflow.core.errors import ApplicationError

MAX_DELEGATION_DAYS = 366


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
    """`to_user` decides `from_user`'s leave approvals from `starts` to `ends` (the
    manager themselves, or an HR admin); one delegation at a time, today or later."""
    # The lock serialises this approver's delegations: the overlap check and the insert.
    User.objects.select_for_update().get(pk=from_user.pk)
    leave_delegation_check(
        from_user=from_user, to_user=to_user, starts=starts, ends=ends, actor=actor
    )
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


@transaction.atomic
def leave_delegation_end(*, delegation: LeaveDelegation, actor: User | None) -> None:
    """Take the approvals back from today: a delegation under way ends yesterday (its
    past stays on record), one that starts today or later is removed; the audit keeps
    both."""
    delegation = LeaveDelegation.objects.select_for_update().get(pk=delegation.pk)
    _refuse_unless_own_or_hr(delegation.from_user, actor)
    today = timezone.localdate()
    if delegation.ends < today:
        raise ApplicationError(_("This delegation is already over."), extra={"refused": True})
    before = delegation.ends.isoformat()
    under_way = delegation.starts < today
    if under_way:
        delegation.ends = today - timedelta(days=1)
        delegation.save(update_fields=["ends", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.leave_delegation_end",
        target=delegation,
        changes={
            "to_user": delegation.to_user_id,
            "starts": delegation.starts.isoformat(),
            "ends": [before, delegation.ends.isoformat() if under_way else None],
        },
    )
    if not under_way:
        delegation.delete()


def leave_delegation_check(
    *, from_user: User, to_user: User, starts: date, ends: date, actor: User | None
) -> None:
    """`leave_delegation_add`'s rules without the insert (Django admin shows them as
    form errors); raises the first refusal."""
    _refuse_unless_own_or_hr(from_user, actor)
    today = timezone.localdate()
    # HR sets anyone's; a person sets their own only while they manage someone.
    on_own_behalf = actor is not None and actor.pk == from_user.pk and not _is_hr(actor)
    if on_own_behalf and not may_delegate(from_user, today):
        raise ApplicationError(
            _("Only managers pass their leave approvals on."), extra={"refused": True}
        )
    if from_user.pk == to_user.pk:
        raise ApplicationError(_("Delegate to someone else."), extra={"field": "to_user"})
    if not delegate_choices(from_user).filter(pk=to_user.pk).exists():
        raise ApplicationError(
            _("Delegate to a colleague whose account is active."), extra={"field": "to_user"}
        )
    if ends < starts:
        raise ApplicationError(_("The delegation ends before it starts."), extra={"field": "ends"})
    if starts < today:
        raise ApplicationError(_("A delegation starts today or later."), extra={"field": "starts"})
    if (ends - starts).days >= MAX_DELEGATION_DAYS:
        raise ApplicationError(_("A delegation lasts at most a year."), extra={"field": "ends"})
    overlapping = (
        LeaveDelegation.objects.filter(from_user=from_user, starts__lte=ends, ends__gte=starts)
        .order_by("starts")
        .first()
    )
    if overlapping is not None:
        raise ApplicationError(
            _(
                "These approvals already go to someone from %(start)s to %(end)s: end that "
                "delegation first, or choose other days."
            )
            % {"start": overlapping.starts.isoformat(), "end": overlapping.ends.isoformat()},
            extra={"field": "starts"},
        )


def _is_hr(user: User) -> bool:
    return Role.HR_ADMIN in user_roles(user)


def _refuse_unless_own_or_hr(from_user: User, actor: User | None) -> None:
    """The approver's own delegations are theirs to set; HR admins set anyone's (an
    actor of None is the system: a command or a test)."""
    if actor is None or actor.pk == from_user.pk or _is_hr(actor):
        return
    raise ApplicationError(
        _("Only the approver or an HR admin changes this delegation."), extra={"refused": True}
    )
