"""Dated salary changes: what an employee is paid from a day on.

A change from day D inserts a record from D: the record in force on D is cut at D, and
the new one runs until the next record that already starts later (a raise recorded in
advance stays as it was). A change on a day that already starts a record corrects that
record, audited with its old values. Records are never deleted.

Pay already paid is never rewritten: a change that reaches a month whose run is
approved and locked (and paid this employee) is refused; the difference is paid, or
taken back, as a one-off pay item of a later month.

The audit rows carry the figures, old and new. They are read by HR admins only, who see
every salary anyway, and a correction overwrites its record: without the old figures
in the audit, what was recorded before would be lost. Nothing of a salary goes into the
outbound event feed, which other systems read.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import (
    Employee,
    PayComponent,
    PayGroup,
    PayrollRun,
    Payslip,
    SalaryItem,
    SalaryRecord,
)
from employees.models.pay import SalaryQuerySet
from employees.pay.periods import month_first
from employees.pay.setup import AMOUNT_CALCULATIONS
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

CENT = Decimal("0.01")
# The money columns hold 12 digits, two of them after the point.
MONEY_LIMIT = Decimal(10) ** 10
MAX_REASON_CHARS = 255


@dataclass(frozen=True)
class SalaryState:
    """Everything a salary record says, to compare two and to audit a change."""

    pay_group_id: int
    base_monthly: Decimal
    insurance_base: Decimal | None
    local_hukou: bool
    tax_resident: bool
    items: dict[str, Decimal] = field(default_factory=dict)

    def plain(self) -> dict[str, Any]:
        """The state as JSON the audit row can hold: amounts as exact text."""
        return {
            "pay_group_id": self.pay_group_id,
            "base_monthly": str(self.base_monthly),
            "insurance_base": None if self.insurance_base is None else str(self.insurance_base),
            "local_hukou": self.local_hukou,
            "tax_resident": self.tax_resident,
            "items": {code: str(amount) for code, amount in sorted(self.items.items())},
        }


def _differences(old: SalaryState | None, new: SalaryState) -> dict[str, list[Any]]:
    """{field: [old, new]} of what differs; every field of a first record."""
    before = old.plain() if old is not None else {}
    return {
        name: [before.get(name), value]
        for name, value in new.plain().items()
        if old is None or before[name] != value
    }


@transaction.atomic
def salary_change(
    *,
    employee: Employee,
    valid_from: date,
    pay_group: PayGroup,
    base_monthly: Decimal,
    items: Mapping[str, Decimal],
    insurance_base: Decimal | None = None,
    local_hukou: bool = True,
    tax_resident: bool = True,
    reason: str,
    actor: User | None,
) -> SalaryRecord:
    """Record that from `valid_from` the employee is paid this: the base salary a month,
    and an amount (or a rate per day or per hour) for each component in `items`."""
    employee = employee_lock(employee.pk)
    reason = _reason_clean(reason)
    salary_day_check(employee, valid_from)
    rows = list(salary_records_with_items().filter(employee=employee).order_by("valid_from"))
    components = _amount_components(items)
    new = SalaryState(
        pay_group_id=pay_group.pk,
        base_monthly=_money(base_monthly, "base_monthly"),
        insurance_base=_insurance_base(insurance_base),
        local_hukou=bool(local_hukou),
        tax_resident=bool(tax_resident),
        items=_items_clean(items),
    )
    same_day = next((row for row in rows if row.valid_from == valid_from), None)
    if same_day is not None:
        _refuse_closed_group(pay_group, same_day.pay_group_id)
        return _correct(employee, same_day, new, components, reason, actor)
    current = next(
        (
            row
            for row in rows
            if row.valid_from < valid_from and (row.valid_to is None or row.valid_to > valid_from)
        ),
        None,
    )
    later = [row for row in rows if row.valid_from > valid_from]
    valid_to = later[0].valid_from if later else None
    _refuse_closed_group(pay_group, current.pay_group_id if current else None)
    old = salary_state(current) if current is not None else None
    if old == new:
        raise ApplicationError(_("Nothing would change from that day."))
    _refuse_paid_days(employee, valid_from, valid_to)
    if old is None or old.pay_group_id != new.pay_group_id:
        _refuse_locked_group_months(pay_group.pk, valid_from, valid_to)
    if current is not None:
        current.valid_to = valid_from
        current.save(update_fields=["valid_to", "updated_at"])
    record = SalaryRecord(
        employee=employee,
        valid_from=valid_from,
        valid_to=valid_to,
        pay_group=pay_group,
        base_monthly=new.base_monthly,
        insurance_base=new.insurance_base,
        local_hukou=new.local_hukou,
        tax_resident=new.tax_resident,
        reason=reason,
        recorded_by=actor,
    )
    record.full_clean(exclude=["employee", "pay_group", "recorded_by"])
    record.save()
    SalaryItem.objects.bulk_create(
        SalaryItem(record=record, component=components[code], amount=amount)
        for code, amount in sorted(new.items.items())
    )
    audit_record(
        actor=actor,
        action="employees.salary_change",
        target=employee,
        changes={
            "valid_from": valid_from.isoformat(),
            "reason": reason,
            **_differences(old, new),
        },
    )
    return record


def _correct(
    employee: Employee,
    record: SalaryRecord,
    new: SalaryState,
    components: dict[str, PayComponent],
    reason: str,
    actor: User | None,
) -> SalaryRecord:
    old = salary_state(record)
    if old == new:
        raise ApplicationError(_("Nothing would change from that day."))
    _refuse_paid_days(employee, record.valid_from, record.valid_to)
    if old.pay_group_id != new.pay_group_id:
        _refuse_locked_group_months(new.pay_group_id, record.valid_from, record.valid_to)
    record.pay_group_id = new.pay_group_id
    record.base_monthly = new.base_monthly
    record.insurance_base = new.insurance_base
    record.local_hukou = new.local_hukou
    record.tax_resident = new.tax_resident
    record.reason = reason
    record.recorded_by = actor
    record.full_clean(exclude=["employee", "pay_group", "recorded_by"])
    record.save()
    _items_replace(record, old.items, new.items, components)
    audit_record(
        actor=actor,
        action="employees.salary_correct",
        target=employee,
        changes={
            "valid_from": record.valid_from.isoformat(),
            "reason": reason,
            **_differences(old, new),
        },
    )
    return record


def _items_replace(
    record: SalaryRecord,
    old: dict[str, Decimal],
    new: dict[str, Decimal],
    components: dict[str, PayComponent],
) -> None:
    gone = [code for code in old if code not in new]
    if gone:
        SalaryItem.objects.filter(record=record, component__code__in=gone).delete()
    for code, amount in sorted(new.items()):
        if code in old and old[code] != amount:
            SalaryItem.objects.filter(record=record, component=components[code]).update(
                amount=amount
            )
        elif code not in old:
            SalaryItem.objects.create(record=record, component=components[code], amount=amount)


def salary_records_with_items() -> SalaryQuerySet:
    """Salary records with their items and the items' components, in two more queries."""
    items: Prefetch[Any, Any, Any] = Prefetch(
        "items", queryset=SalaryItem.objects.select_related("component")
    )
    return SalaryRecord.objects.prefetch_related(items)


def salary_state(record: SalaryRecord) -> SalaryState:
    """What `record` says (from salary_records_with_items, or a query per item)."""
    return SalaryState(
        pay_group_id=record.pay_group_id,
        base_monthly=record.base_monthly,
        insurance_base=record.insurance_base,
        local_hukou=record.local_hukou,
        tax_resident=record.tax_resident,
        items={item.component.code: item.amount for item in record.items.all()},
    )


# --- checks --------------------------------------------------------------------------


def _reason_clean(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(_("Say why the salary changes."), extra={"field": "reason"})
    if len(reason) > MAX_REASON_CHARS:
        raise ApplicationError(
            _("A reason has at most %(most)s characters.") % {"most": MAX_REASON_CHARS},
            extra={"field": "reason"},
        )
    return reason


def salary_day_check(employee: Employee, valid_from: date) -> None:
    """A salary starts within the employment: from the first day, up to the last."""
    if valid_from < employee.hire_date:
        raise ApplicationError(
            _("A salary cannot start before the employee's first day (%(day)s).")
            % {"day": employee.hire_date.isoformat()},
            extra={"field": "valid_from"},
        )
    if employee.left_on is not None and valid_from > employee.left_on:
        raise ApplicationError(
            _("A salary cannot start after the employee's last day (%(day)s).")
            % {"day": employee.left_on.isoformat()},
            extra={"field": "valid_from"},
        )


def _money(amount: Any, field_name: str) -> Decimal:
    """An amount in yuan with at most two decimals, never negative."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal) or not amount.is_finite():
        raise ApplicationError(
            _("Give an amount in yuan, like 8500.00."), extra={"field": field_name}
        )
    if amount < 0:
        raise ApplicationError(
            _("An amount is never negative: a deduction is a component of the kind Deduction."),
            extra={"field": field_name},
        )
    if amount != amount.quantize(CENT) or amount >= MONEY_LIMIT:
        raise ApplicationError(
            _("Give an amount in yuan with at most two decimals, below 10,000,000,000."),
            extra={"field": field_name},
        )
    return amount.quantize(CENT)


def _items_clean(items: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The amounts by component code; a zero amount is no item at all."""
    amounts = {str(code): _money(amount, f"items.{code}") for code, amount in items.items()}
    return {code: amount for code, amount in amounts.items() if amount}


def _insurance_base(amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    amount = _money(amount, "insurance_base")
    if not amount:
        raise ApplicationError(
            _("Leave the declared base empty to use the base salary; it is never zero."),
            extra={"field": "insurance_base"},
        )
    return amount


def _amount_components(items: Mapping[str, Decimal]) -> dict[str, PayComponent]:
    """The components `items` names, each active and taking an amount from the salary."""
    codes = sorted(str(code) for code in items)
    found = {row.code: row for row in PayComponent.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ApplicationError(
            _("There is no pay component %(codes)s.") % {"codes": ", ".join(unknown[:5])},
            extra={"field": "items"},
        )
    asleep = [code for code in codes if not found[code].active]
    if asleep:
        raise ApplicationError(
            _("The pay components %(codes)s are not active.") % {"codes": ", ".join(asleep)},
            extra={"field": f"items.{asleep[0]}"},
        )
    worked_out = [code for code in codes if found[code].calculation not in AMOUNT_CALCULATIONS]
    if worked_out:
        raise ApplicationError(
            _("%(codes)s are worked out by formula: a salary gives no amount for them.")
            % {"codes": ", ".join(worked_out)},
            extra={"field": f"items.{worked_out[0]}"},
        )
    return found


def _refuse_closed_group(group: PayGroup, kept_group_id: int | None) -> None:
    """A closed group takes nobody new; a record that already names it may keep it."""
    active = PayGroup.objects.filter(pk=group.pk).values_list("active", flat=True).first()
    if not active and group.pk != kept_group_id:
        raise ApplicationError(
            _("The pay group %(name)s is closed.") % {"name": group.name},
            extra={"field": "pay_group"},
        )


def _refuse_paid_days(employee: Employee, start: date, end: date | None) -> None:
    """Refuse a change of the days from `start` until `end` (exclusive; None: on and on)
    when a locked run has paid this employee for a month among them."""
    paid = Payslip.objects.filter(employee=employee, run__status=PayrollRun.Status.LOCKED)
    month = _first_month(paid, "run__month", start, end)
    if month is not None:
        raise ApplicationError(
            _(
                "%(month)s is paid and its run is locked: a salary change cannot reach it. "
                "A correction goes into a later month as a pay item."
            )
            % {"month": f"{month:%Y-%m}"},
            extra={"field": "valid_from"},
        )


def _refuse_locked_group_months(group_id: int, start: date, end: date | None) -> None:
    """A group's locked run did not pay someone who joins it for that month, and the
    group they leave no longer would: the month would go unpaid."""
    runs = PayrollRun.objects.filter(pay_group_id=group_id, status=PayrollRun.Status.LOCKED)
    month = _first_month(runs, "month", start, end)
    if month is not None:
        raise ApplicationError(
            _(
                "This pay group's run of %(month)s is approved and locked: move the employee "
                "to it from a later month."
            )
            % {"month": f"{month:%Y-%m}"},
            extra={"field": "pay_group"},
        )


def _first_month(rows: QuerySet[Any], field: str, start: date, end: date | None) -> date | None:
    """The earliest month (a first day, in `field`) from `start`'s month until `end`."""
    rows = rows.filter(**{f"{field}__gte": month_first(start)})
    if end is not None:
        rows = rows.filter(**{f"{field}__lt": end})
    month: date | None = rows.order_by(field).values_list(field, flat=True).first()
    return month
