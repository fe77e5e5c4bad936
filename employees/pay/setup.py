"""Payroll settings: pay groups and pay components, each saved through its service.

Legal numbers are not set here: a pay group holds the company's own choices (its cut-off
and pay day, how joiners are paid, the work-injury and housing-fund rates it picked),
and whether a rate lies in the city's range is checked by the run, against the dated
legal rule of the month it computes. A component's formula is checked when it is saved
(employees.pay.formulas), so a run never meets one that does not read.
"""

import keyword
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from employees.models import PayComponent, PayGroup, SalaryItem, SalaryRecord
from employees.pay.bank_file_columns import BANK_FILE_COLUMN_CODES, BANK_FILE_REQUIRED
from employees.pay.components import formula_names
from employees.pay.earnings import FORMULA_FIGURES
from employees.pay.formulas import Formula, formula_parse, formulas_order
from employees.pay.formulas.vocabulary import FUNCTION_ARITY, WORDS
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

MAX_NAME_CHARS = 80
MAX_POSITION = 32_767
RATE_STEP = Decimal("0.0001")  # the rate columns keep four decimals (0.0050 is 0.5 %)
# A code is a name a formula can say: lower-case letters, digits and _, a letter first
# (a hyphen would read as a minus).
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# Codes the payslip already gives its own lines (employees.pay.earnings: the base salary,
# overtime, unpaid leave, absence, and the one-off items by kind) or a formula's figures:
# a component of the same code would make two lines, or two values, of one name.
RESERVED_CODES = frozenset(
    {*FORMULA_FIGURES, "overtime", "unpaid_leave", "absence"}
    | {"bonus", "annual_bonus", "back_pay", "deduction", "correction"}
    | set(FUNCTION_ARITY)
    | WORDS
)
# The calculations whose amount (or rate) each salary record gives.
AMOUNT_CALCULATIONS = frozenset(
    {
        PayComponent.Calculation.FIXED,
        PayComponent.Calculation.PER_DAY_WORKED,
        PayComponent.Calculation.PER_OVERTIME_HOUR,
    }
)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    # The audit row is JSON: amounts and rates as exact text.
    return {
        name: str(value) if isinstance(value, Decimal) else value for name, value in values.items()
    }


def _audit_save(
    actor: User | None, action: str, row: Any, old: dict[str, Any], new: dict[str, Any]
) -> None:
    before, after = _plain(old), _plain(new)
    changes = {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
    audit_record(actor=actor, action=action, target=row, changes=changes)


def _name_clean(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give it a name."), extra={"field": "name"})
    if len(name) > MAX_NAME_CHARS:
        raise ApplicationError(
            _("A name has at most %(most)s characters.") % {"most": MAX_NAME_CHARS},
            extra={"field": "name"},
        )
    return name


# --- pay groups ----------------------------------------------------------------------


@transaction.atomic
def pay_group_save(
    *,
    group: PayGroup | None,
    name: str,
    cut_off_day: int,
    pay_day: int,
    proration: str,
    work_injury_rate: Decimal,
    housing_fund_rate: Decimal,
    bank_file_columns: Sequence[str],
    actor: User | None,
    active: bool = True,
) -> PayGroup:
    """Add a pay group (`group` None) or change one. Whether the rates lie in the city's
    range is the run's check, against the rule of the month it computes."""
    if group is not None:
        group = PayGroup.objects.select_for_update().get(pk=group.pk)
    values: dict[str, Any] = {
        "name": _name_clean(name),
        "cut_off_day": _day_of_month(cut_off_day, "cut_off_day"),
        "pay_day": _day_of_month(pay_day, "pay_day"),
        "proration": _proration(proration),
        "work_injury_rate": _rate(work_injury_rate, "work_injury_rate"),
        "housing_fund_rate": _rate(housing_fund_rate, "housing_fund_rate"),
        "bank_file_columns": _bank_file_columns(bank_file_columns),
        "active": bool(active),
    }
    namesakes = PayGroup.objects.filter(name__iexact=values["name"])
    if group is not None:
        namesakes = namesakes.exclude(pk=group.pk)
    if namesakes.exists():
        raise ApplicationError(
            _("A pay group named %(name)s exists already.") % {"name": values["name"]},
            extra={"field": "name"},
        )
    if group is not None and group.active and not values["active"]:
        _refuse_closing_group_in_use(group)
    old = {field: getattr(group, field) for field in values} if group else {}
    if group is None:
        group = PayGroup.objects.create(**values)
    else:
        if all(old[field] == value for field, value in values.items()):
            return group
        for field, value in values.items():
            setattr(group, field, value)
        group.save()
    _audit_save(actor, "employees.pay_group_save", group, old, values)
    return group


def _day_of_month(day: Any, field: str) -> int:
    if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
        raise ApplicationError(_("Give a day of the month, 1 to 31."), extra={"field": field})
    return day


def _proration(proration: str) -> str:
    if proration not in PayGroup.Proration.values:
        raise ApplicationError(
            _("Choose how joiners and leavers are paid."), extra={"field": "proration"}
        )
    return proration


def _rate(rate: Any, field: str) -> Decimal:
    """A rate as a decimal fraction: 0.005 is 0.5 %. Never a float, never 0 or 100 %."""
    if not isinstance(rate, Decimal) or not rate.is_finite() or not Decimal(0) < rate < 1:
        raise ApplicationError(
            _("Give the rate as a decimal between 0 and 1: 0.005 is 0.5 %."),
            extra={"field": field},
        )
    if rate != rate.quantize(RATE_STEP):
        raise ApplicationError(
            _("A rate has at most four decimals (0.0050 is 0.5 %)."), extra={"field": field}
        )
    return rate.quantize(RATE_STEP)


def _bank_file_columns(columns: Sequence[str]) -> list[str]:
    columns = [str(column) for column in columns]
    unknown = [column for column in columns if column not in BANK_FILE_COLUMN_CODES]
    if unknown:
        raise ApplicationError(
            _("The bank file has no column %(columns)s.") % {"columns": ", ".join(unknown[:5])},
            extra={"field": "bank_file_columns"},
        )
    if len(set(columns)) != len(columns):
        raise ApplicationError(
            _("Each column comes once in the bank file."), extra={"field": "bank_file_columns"}
        )
    if not set(BANK_FILE_REQUIRED) <= set(columns):
        raise ApplicationError(
            _("The bank file needs the bank account and the amount."),
            extra={"field": "bank_file_columns"},
        )
    return columns


def _refuse_closing_group_in_use(group: PayGroup) -> None:
    """A group that pays someone today or later stays active until they are moved."""
    today = timezone.localdate()
    paid = (
        SalaryRecord.objects.filter(pay_group=group)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .values("employee_id")
        .distinct()
        .count()
    )
    if paid:
        raise ApplicationError(
            ngettext(
                "%(count)s employee is paid by this group today or later: change their "
                "salary to another group first.",
                "%(count)s employees are paid by this group today or later: change their "
                "salaries to another group first.",
                paid,
            )
            % {"count": paid},
            extra={"field": "active"},
        )


# --- pay components ------------------------------------------------------------------


@transaction.atomic
def pay_component_save(
    *,
    component: PayComponent | None,
    code: str,
    name: str,
    kind: str,
    calculation: str,
    actor: User | None,
    formula: str = "",
    taxable: bool = True,
    position: int = 0,
    active: bool = True,
) -> PayComponent:
    """Add a component (`component` None) or change one. A formula is checked against the
    figures and the other components' codes, and refused if formulas would then read each
    other in a circle. A component another formula reads keeps its code and stays active."""
    # Every component locked, in one order: two saves never make a circle between them.
    rows = list(PayComponent.objects.select_for_update().order_by("pk"))
    if component is not None:
        component = next(row for row in rows if row.pk == component.pk)
    code = (code or "").strip()
    values: dict[str, Any] = {
        "code": code,
        "name": _name_clean(name),
        "kind": _choice(kind, PayComponent.Kind.values, "kind", _("Choose earning or deduction.")),
        "calculation": _choice(
            calculation,
            PayComponent.Calculation.values,
            "calculation",
            _("Choose how the amount is worked out."),
        ),
        "formula": (formula or "").strip(),
        "taxable": bool(taxable),
        "position": _position(position),
        "active": bool(active),
    }
    _code_check(code, component, rows)
    others = [row for row in rows if component is None or row.pk != component.pk]
    if component is not None:
        _refuse_breaking_readers(component, values, others)
        _refuse_changing_meaning_in_use(component, values)
    parsed = _formula_check(component, values, others)
    if parsed is not None and values["active"]:
        _refuse_circle(parsed, code, others)
    old = {field: getattr(component, field) for field in values} if component else {}
    if component is None:
        component = PayComponent.objects.create(**values)
    else:
        if all(old[field] == value for field, value in values.items()):
            return component
        for field, value in values.items():
            setattr(component, field, value)
        component.save()
    _audit_save(actor, "employees.pay_component_save", component, old, values)
    return component


def _choice(value: str, choices: Sequence[str], field: str, refusal: str) -> str:
    if value not in choices:
        raise ApplicationError(refusal, extra={"field": field})
    return value


def _position(position: Any) -> int:
    if isinstance(position, bool) or not isinstance(position, int):
        raise ApplicationError(_("Give a whole number."), extra={"field": "position"})
    if not 0 <= position <= MAX_POSITION:
        raise ApplicationError(
            _("Give a position from 0 to %(most)s.") % {"most": MAX_POSITION},
            extra={"field": "position"},
        )
    return position


def _code_check(code: str, component: PayComponent | None, rows: list[PayComponent]) -> None:
    if component is not None and code == component.code:
        return  # a code kept as it is stays valid, whatever the rules for new ones
    if not _CODE.fullmatch(code):
        raise ApplicationError(
            _(
                "A code is written with lower-case letters a-z, digits and _, starting with a "
                "letter, at most 40 characters: formulas name the component by it."
            ),
            extra={"field": "code"},
        )
    if code in RESERVED_CODES or keyword.iskeyword(code):
        raise ApplicationError(
            _("“%(code)s” already names something on the payslip or in formulas: pick another.")
            % {"code": code},
            extra={"field": "code"},
        )
    if any(row.code == code for row in rows if component is None or row.pk != component.pk):
        raise ApplicationError(
            _("A component with the code %(code)s exists already.") % {"code": code},
            extra={"field": "code"},
        )


def _stored_formulas(rows: list[PayComponent], *, names: set[str]) -> dict[str, Formula]:
    """The formulas other components hold, as checked when they were saved."""
    return {
        row.code: formula_parse(row.formula, names=names - {row.code})
        for row in rows
        if row.calculation == PayComponent.Calculation.FORMULA and row.formula
    }


def _readers(
    code: str, stored: dict[str, Formula], rows: list[PayComponent], *, active: bool
) -> list[str]:
    """The components whose formula reads `code` (only the active ones when `active`)."""
    live = {row.code for row in rows if row.active or not active}
    return sorted(
        reader for reader, parsed in stored.items() if code in parsed.names and reader in live
    )


def _refuse_breaking_readers(
    component: PayComponent, values: dict[str, Any], others: list[PayComponent]
) -> None:
    # The others' formulas name the component by its code as it is now.
    names = set(FORMULA_FIGURES) | {row.code for row in others} | {component.code}
    stored = _stored_formulas(others, names=names)
    if values["code"] != component.code:
        readers = _readers(component.code, stored, others, active=False)
        if readers:
            raise ApplicationError(
                _("The formulas of %(readers)s read this component: its code stays %(code)s.")
                % {"readers": ", ".join(readers), "code": component.code},
                extra={"field": "code"},
            )
    if component.active and not values["active"]:
        readers = _readers(component.code, stored, others, active=True)
        if readers:
            raise ApplicationError(
                _(
                    "The formulas of %(readers)s read this component: change them before "
                    "deactivating it."
                )
                % {"readers": ", ".join(readers)},
                extra={"field": "active"},
            )


def _refuse_changing_meaning_in_use(component: PayComponent, values: dict[str, Any]) -> None:
    """Salary records hold this component's amounts as an amount a month, a day or an
    hour of an earning or a deduction: those stay what they meant when HR typed them."""
    changes_meaning = (
        values["kind"] != component.kind or values["calculation"] != component.calculation
    )
    if changes_meaning and SalaryItem.objects.filter(component=component).exists():
        raise ApplicationError(
            _(
                "Salaries hold amounts of this component, so its kind and calculation stay as "
                "they are: add a new component instead."
            ),
            extra={"field": "calculation"},
        )


def _formula_check(
    component: PayComponent | None, values: dict[str, Any], rows: list[PayComponent]
) -> Formula | None:
    """The component's parsed formula, or None for a component with an amount."""
    if values["calculation"] != PayComponent.Calculation.FORMULA:
        if values["formula"]:
            raise ApplicationError(
                _("Only a formula component has a formula: choose Formula, or empty it."),
                extra={"field": "formula"},
            )
        return None
    exclude = component.code if component is not None else values["code"]
    try:
        parsed = formula_parse(values["formula"], names=formula_names(exclude=exclude))
    except ApplicationError as error:
        raise ApplicationError(error.message, extra={**error.extra, "field": "formula"}) from None
    values["formula"] = parsed.text
    # A run reads the active components only: an inactive one has no value to give.
    asleep = sorted(
        name for name in parsed.names if name in {row.code for row in rows if not row.active}
    )
    if asleep:
        raise ApplicationError(
            _("The formula reads %(codes)s, which are not active.") % {"codes": ", ".join(asleep)},
            extra={"field": "formula"},
        )
    return parsed


def _refuse_circle(parsed: Formula, code: str, others: list[PayComponent]) -> None:
    """The active formulas, this one included, must have an order to be worked out in."""
    names = set(FORMULA_FIGURES) | {row.code for row in others} | {code}
    formulas = _stored_formulas([row for row in others if row.active], names=names)
    formulas[code] = parsed
    try:
        formulas_order(formulas)
    except ApplicationError as error:
        raise ApplicationError(error.message, extra={**error.extra, "field": "formula"}) from None
