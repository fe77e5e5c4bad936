"""Labour contracts (劳动合同): record, sign, renew and end them under the dated rules.

Every check reads the rule in force on the contract's first day (`legal_value`):
the probation a term allows (art. 19), probation once per employee, and whether
the employee may ask for an open-ended contract (art. 14). The reminders (a
written contract within a month, the end of a term in 60 and 30 days) are
outbox messages keyed so a daily task that runs twice sends nothing twice.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees.lock_objects import employee_lock
from employees.models import Contract, Employee
from employees.periods import period_end
from employees.selectors.contracts import (
    CURRENT,
    contracts_expiring,
    contracts_unwritten,
    open_ended_ground,
    probation_limit_months,
)
from employees.services.assignments import probation_waived
from employees.services.probation_reviews import probation_review_open
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.notifications.staff import hr_admins, staff_notify

# Reminder marks before a term ends; each is sent once per contract. Company practice
# (a month's notice leaves time to agree a renewal), not a legal number.
EXPIRY_MARKS = (60, 30)
# HR hears of a missing written contract this many days before the month is up, then
# every day after it.
UNWRITTEN_WARN_DAYS = 7


@transaction.atomic
def contract_create(
    *,
    employee: Employee,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    probation_months: int = 0,
    task_description: str = "",
    signed_on: date | None = None,
    note: str = "",
    actor: User | None,
    renewal_of: Contract | None = None,
) -> Contract:
    """Record a labour contract (signed when `signed_on` is given) after checking it
    against the rules in force on its first day."""
    employee_lock(employee.pk)
    _check_shape(kind, starts_on, ends_on, task_description, employee)
    _check_no_overlap(employee, starts_on, ends_on)
    earlier = Contract.objects.filter(employee=employee)
    sequence = (earlier.aggregate(last=Max("sequence"))["last"] or 0) + 1
    if probation_months < 0:
        raise ApplicationError(_("Probation cannot be negative."), extra=_on("probation_months"))
    if probation_months:
        _check_probation(employee, kind, starts_on, ends_on, probation_months, sequence)
    _check_signed_on(signed_on)
    contract = Contract(
        employee=employee,
        kind=kind,
        sequence=sequence,
        renewal_of=renewal_of,
        starts_on=starts_on,
        ends_on=ends_on,
        task_description=task_description.strip(),
        probation_months=probation_months,
        probation_ends_on=period_end(starts_on, probation_months) if probation_months else None,
        signed_on=signed_on,
        status=Contract.Status.ACTIVE if signed_on else Contract.Status.DRAFT,
        open_ended_eligible=(
            ""
            if kind == Contract.Kind.OPEN_ENDED
            else open_ended_ground(employee=employee, starts_on=starts_on)
        ),
        note=note.strip(),
        recorded_by=actor,
    )
    contract.full_clean(exclude=["employee", "recorded_by", "renewal_of", "document"])
    contract.save()
    audit_record(
        actor=actor,
        action="employees.contract_create",
        target=employee,
        changes={
            "contract": contract.pk,
            "kind": kind,
            "sequence": sequence,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
            "probation_months": probation_months,
            "signed_on": signed_on.isoformat() if signed_on else None,
            "open_ended_eligible": contract.open_ended_eligible,
        },
    )
    if sequence == 1 and not probation_months:
        # Hired "on probation" until the contract said otherwise: none was agreed.
        probation_waived(employee=employee, starts_on=starts_on, actor=actor)
    if contract.probation_ends_on:
        # A contract recorded late, with its probation ending within two weeks, has
        # its review opened now rather than at tomorrow's run.
        probation_review_open(contract=contract, on=timezone.localdate())
    return contract


@transaction.atomic
def contract_sign(*, contract: Contract, signed_on: date, actor: User | None) -> Contract:
    """Record that both sides signed the contract; it is in force from its first day."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != Contract.Status.DRAFT:
        raise ApplicationError(_("Only a contract not signed yet can be signed."))
    _check_signed_on(signed_on)
    contract.signed_on = signed_on
    contract.status = Contract.Status.ACTIVE
    contract.save(update_fields=["signed_on", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.contract_sign",
        target=contract.employee,
        changes={"contract": contract.pk, "signed_on": signed_on.isoformat()},
    )
    return contract


@transaction.atomic
def contract_renew(
    *,
    contract: Contract,
    kind: str,
    ends_on: date | None = None,
    task_description: str = "",
    signed_on: date | None = None,
    note: str = "",
    actor: User | None,
) -> Contract:
    """The next contract, from the day after this one ends; never with a probation."""
    # The employee first, as every contract and probation service locks: the other
    # order could deadlock with a probation ended at the same moment.
    employee_lock(contract.employee_id)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != Contract.Status.ACTIVE or contract.ends_on is None:
        raise ApplicationError(_("Only a signed contract with an end date can be renewed."))
    if Contract.objects.filter(renewal_of=contract).exists():
        raise ApplicationError(_("This contract has been renewed already."))
    return contract_create(
        employee=contract.employee,
        kind=kind,
        starts_on=contract.ends_on + timedelta(days=1),
        ends_on=ends_on,
        task_description=task_description,
        signed_on=signed_on,
        note=note,
        actor=actor,
        renewal_of=contract,
    )


@transaction.atomic
def contract_end(
    *, contract: Contract, ended_on: date, reason: str, actor: User | None
) -> Contract:
    """End the contract on `ended_on`: at its last day it ran out, before it it was
    terminated early, which needs a reason."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status not in CURRENT:
        raise ApplicationError(_("This contract has ended already."))
    if ended_on < contract.starts_on or (contract.ends_on and ended_on > contract.ends_on):
        raise ApplicationError(
            _("The last day must fall within the contract's term."), extra=_on("ended_on")
        )
    early = contract.ends_on is None or ended_on < contract.ends_on
    if early and not reason.strip():
        raise ApplicationError(_("Say why the contract ends before its term."), extra=_on("reason"))
    old = contract.status
    contract.status = Contract.Status.TERMINATED if early else Contract.Status.ENDED
    contract.ended_on = ended_on
    contract.end_reason = reason.strip()[:255]
    contract.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.contract_end",
        target=contract.employee,
        changes={
            "contract": contract.pk,
            "status": [old, contract.status],
            "ended_on": ended_on.isoformat(),
            "reason": contract.end_reason,
        },
    )
    return contract


@transaction.atomic
def contracts_unwritten_remind(*, on: date) -> int:
    """Tell HR, once a day per employee, of each one whose written-contract month is
    about to run out or has run out without a signed contract. How many were queued."""
    link = _public(reverse("employees:contract-unwritten"))
    queued = 0
    for row in contracts_unwritten(on=on, warn_days=UNWRITTEN_WARN_DAYS):
        overdue = row.days_overdue > 0
        state_key = "overdue" if overdue else "due"

        def values(row=row, overdue=overdue) -> dict[str, str]:  # type: ignore[no-untyped-def]
            days = abs(row.days_overdue) if overdue else (row.deadline - on).days
            state = (
                ngettext("%(days)d day overdue", "%(days)d days overdue", days)
                if overdue
                else ngettext("due in %(days)d day", "due in %(days)d days", days)
            ) % {"days": days}
            return {
                "employee_name": row.employee.full_name,
                "start_date": date_format(row.employee.hire_date, "DATE_FORMAT"),
                "contract_deadline": date_format(row.deadline, "DATE_FORMAT"),
                "contract_state": state,
                "link": link,
            }

        queued += staff_notify(
            people=hr_admins(),
            event="contract_unwritten",
            # Per employee, day and kind: a second run the same day queues nothing.
            key=f"contract_unwritten:{row.employee.pk}:{on.isoformat()}:{state_key}",
            values=values,
        )
    return queued


@transaction.atomic
def contracts_expiry_remind(*, on: date) -> int:
    """Tell HR of each signed contract that ends within 60 days (and again within 30),
    each mark once per contract, keyed on the contract and the mark."""
    queued = 0
    for contract in contracts_expiring(on=on, within_days=max(EXPIRY_MARKS)):
        ends_on = contract.ends_on
        assert ends_on is not None  # contracts_expiring selects contracts with a last day
        days_left = (ends_on - on).days
        mark = min(m for m in EXPIRY_MARKS if days_left <= m)
        ground = open_ended_ground(
            employee=contract.employee, starts_on=ends_on + timedelta(days=1)
        )
        link = _public(reverse("employees:contract-detail", args=[contract.pk]))

        def values(contract=contract, days_left=days_left, ground=ground, link=link):  # type: ignore[no-untyped-def]
            note = (
                _("A renewal would be open-ended if the employee asks: %(ground)s.")
                % {"ground": Contract.OpenEndedGround(ground).label}
                if ground
                else ""
            )
            return {
                "employee_name": contract.employee.full_name,
                "contract_ends_on": date_format(contract.ends_on, "DATE_FORMAT"),
                "days_left": days_left,
                "open_ended_note": note,
                "link": link,
            }

        queued += staff_notify(
            people=hr_admins(),
            event="contract_expiring",
            key=f"contract_expiring:{contract.pk}:{mark}",
            values=values,
        )
    return queued


def _check_shape(
    kind: str, starts_on: date, ends_on: date | None, task: str, employee: Employee
) -> None:
    if kind not in Contract.Kind.values:
        raise ApplicationError(_("Choose the type of contract."), extra=_on("kind"))
    if kind == Contract.Kind.FIXED_TERM and ends_on is None:
        raise ApplicationError(_("A fixed-term contract needs its last day."), extra=_on("ends_on"))
    if kind == Contract.Kind.OPEN_ENDED and ends_on is not None:
        raise ApplicationError(_("An open-ended contract has no last day."), extra=_on("ends_on"))
    if kind == Contract.Kind.TASK and not task.strip():
        raise ApplicationError(
            _("Describe the task the contract lasts until."), extra=_on("task_description")
        )
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(
            _("The last day cannot come before the first."), extra=_on("ends_on")
        )
    if starts_on < employee.hire_date:
        raise ApplicationError(
            _("A contract cannot start before the employee's first day (%(day)s).")
            % {"day": employee.hire_date.isoformat()},
            extra=_on("starts_on"),
        )


def _check_no_overlap(employee: Employee, starts_on: date, ends_on: date | None) -> None:
    clash = Contract.objects.filter(employee=employee, status__in=CURRENT).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        clash = clash.filter(starts_on__lte=ends_on)
    if clash.exists():
        raise ApplicationError(
            _("Another contract of this employee covers part of that period."),
            extra=_on("starts_on"),
        )


def _check_probation(
    employee: Employee,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    months: int,
    sequence: int,
) -> None:
    if sequence > 1:
        # Art. 19: the same employer may agree a probation with an employee only once,
        # so a renewal or any later contract has none.
        raise ApplicationError(
            _(
                "Probation is allowed only once per employee (Labour Contract Law art. 19); "
                "this is contract number %(number)d."
            )
            % {"number": sequence},
            extra=_on("probation_months"),
        )
    allowed = probation_limit_months(kind=kind, starts_on=starts_on, ends_on=ends_on)
    if months > allowed:
        raise ApplicationError(
            ngettext(
                "For this contract's term the probation may last at most %(max)d month "
                "(Labour Contract Law art. 19).",
                "For this contract's term the probation may last at most %(max)d months "
                "(Labour Contract Law art. 19).",
                allowed,
            )
            % {"max": allowed}
            if allowed
            else _(
                "This contract's type and term allow no probation (Labour Contract Law art. 19)."
            ),
            extra=_on("probation_months"),
        )


def _check_signed_on(signed_on: date | None) -> None:
    if signed_on is not None and signed_on > timezone.localdate():
        raise ApplicationError(
            _("A signing date cannot lie in the future."), extra=_on("signed_on")
        )


def _on(field: str) -> dict[str, str]:
    return {"field": field}


def _public(path: str) -> str:
    return settings.HRFLOW_PUBLIC_URL.rstrip("/") + path
