"""A payslip's lines in words, for people: each figure's label in the reader's language,
a one-sentence explanation, the inputs and steps it came from, and the legal rule
versions it followed (from the run's `rules_used`).

Reads `PayslipLine.explanation` as employees.pay.earnings, .payslip_compute and
.income_tax write it. Labels are translated again when shown: a run keeps the label
in the language it was computed in, so a known line (base salary, overtime, an
insurance, the tax) is named from its code, and anything else (the company's own
components) as stored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from employees.models import PayComponent, PayGroup, PayItem, PayslipLine
from employees.pay.social_insurance import INSURANCE_LABELS

Category = PayslipLine.Category
EMPLOYER_PREFIX = "employer_"
# A one-off's stored label is "<kind> · <note>" (employees.pay.earnings).
NOTE_SEPARATOR = " · "
# The lines the issue names, in the order a payslip shows them.
CATEGORY_ORDER = (
    Category.EARNING,
    Category.DEDUCTION,
    Category.INSURANCE_EMPLOYEE,
    Category.TAX,
    Category.EMPLOYER,
)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class RuleVersion:
    code: str
    region: str
    effective_from: str
    source: str


@dataclass(frozen=True)
class ShownLine:
    pk: int
    category: str
    code: str
    label: str
    amount: Decimal
    summary: str
    facts: list[Fact] = field(default_factory=list)
    steps: list[Fact] = field(default_factory=list)
    rules: list[RuleVersion] = field(default_factory=list)


@dataclass(frozen=True)
class LineGroup:
    category: str
    title: str
    lines: list[ShownLine]
    total: Decimal


def money(value: Any) -> str:
    """A figure with two decimals and the language's grouping (40,000.00)."""
    return number_format(_decimal(value), 2, force_grouping=True)


def percent(value: Any) -> str:
    """A rate as a percentage: 0.08 -> "8%", 0.105 -> "10.5%"."""
    scaled = (_decimal(value) * 100).normalize()
    return f"{scaled:f}%"


def line_label(code: str, stored: str) -> str:
    """The line's name in the active language."""
    named = _code_labels().get(code)
    if named is not None:
        return named
    if code.startswith(EMPLOYER_PREFIX):
        insurance = INSURANCE_LABELS.get(code.removeprefix(EMPLOYER_PREFIX))
        if insurance is not None:
            return str(insurance)
    if code in PayItem.Kind.values:
        note = stored.split(NOTE_SEPARATOR, 1)[1] if NOTE_SEPARATOR in stored else ""
        kind = str(PayItem.Kind(code).label)
        return f"{kind}{NOTE_SEPARATOR}{note}" if note else kind
    return _(stored) if stored else code


def lines_shown(
    lines: Iterable[PayslipLine], *, region: str, rules_used: list[dict[str, Any]]
) -> list[ShownLine]:
    versions = _versions(rules_used, region)
    return [_shown(line, versions) for line in lines]


def lines_grouped(lines: list[ShownLine], *, employer: bool = True) -> list[LineGroup]:
    """The lines by category in payslip order; the employer's part last (or left out)."""
    groups = []
    for category in CATEGORY_ORDER:
        if category == Category.EMPLOYER and not employer:
            continue
        found = [line for line in lines if line.category == category]
        if found:
            total = sum((line.amount for line in found), Decimal(0))
            groups.append(LineGroup(category, str(Category(category).label), found, total))
    return groups


def _shown(line: PayslipLine, versions: Mapping[str, RuleVersion]) -> ShownLine:
    explanation = line.explanation if isinstance(line.explanation, dict) else {}
    inputs = explanation.get("inputs") or {}
    summary, facts = _described(line, inputs, explanation)
    labels = _bonus_step_labels() if line.code == "bonus_tax" else _wage_step_labels()
    steps = [_step(step, labels) for step in explanation.get("steps") or [] if len(step) == 3]
    rules = [
        versions.get(code) or RuleVersion(code, "", "", "")
        for code in explanation.get("rules") or []
    ]
    return ShownLine(
        pk=line.pk,
        category=line.category,
        code=line.code,
        label=line_label(line.code, line.label),
        amount=line.amount,
        summary=summary,
        facts=facts,
        steps=steps,
        rules=rules,
    )


def _described(
    line: PayslipLine, inputs: dict[str, Any], explanation: dict[str, Any]
) -> tuple[str, list[Fact]]:
    code = line.code
    if code == "base":
        return _base(inputs)
    if code == "overtime":
        return _overtime(inputs)
    if code in ("unpaid_leave", "absence"):
        values = {"days": _number(inputs.get("days")), "daily": money(inputs.get("daily_wage"))}
        return (
            _("%(days)s days × a daily wage of %(daily)s.") % values,
            [Fact(_("Days"), values["days"]), Fact(_("Daily wage"), values["daily"])],
        )
    if line.category in (Category.INSURANCE_EMPLOYEE, Category.EMPLOYER) and "base" in inputs:
        return _insurance(inputs, employer=line.category == Category.EMPLOYER)
    if line.category == Category.TAX:
        return _tax(code, explanation), []
    if code in PayItem.Kind.values:
        return _one_off(code, explanation)
    if "calculation" in inputs:
        return _component(inputs, explanation)
    return "", []


def _base(inputs: dict[str, Any]) -> tuple[str, list[Fact]]:
    spans = inputs.get("spans") or []
    shares = inputs.get("shares") or []
    facts = []
    for span, share in zip(spans, shares, strict=False):
        start, end, monthly = span
        facts.append(
            Fact(
                _("%(start)s to %(end)s") % {"start": start, "end": end},
                _("%(monthly)s a month × %(share)s")
                % {"monthly": money(monthly), "share": _number(share)},
            )
        )
    workdays, employed = inputs.get("workdays"), inputs.get("workdays_employed")
    facts.append(Fact(_("Working days in the month"), str(workdays)))
    facts.append(Fact(_("Working days employed"), str(employed)))
    proration = inputs.get("proration")
    if proration in PayGroup.Proration.values:
        facts.append(
            Fact(_("Joiners and leavers paid by"), str(PayGroup.Proration(proration).label))
        )
    whole = len(spans) == 1 and shares and _decimal(shares[0]) == 1
    if whole:
        summary = _("Your monthly base salary of %(monthly)s.") % {"monthly": money(spans[0][2])}
    else:
        summary = _(
            "Base salary for the time employed at each rate: %(employed)s of %(workdays)s "
            "working days."
        ) % {"employed": employed, "workdays": workdays}
    return summary, facts


def _overtime(inputs: dict[str, Any]) -> tuple[str, list[Fact]]:
    hourly = money(inputs.get("hourly_wage"))
    facts = [Fact(_("Hourly wage"), hourly)]
    hours = Decimal(0)
    for rate, count in inputs.get("hours_by_rate") or []:
        hours += _decimal(count)
        facts.append(Fact(_("Hours at %(rate)s") % {"rate": percent(rate)}, _number(count)))
    summary = _(
        "%(hours)s hours of overtime at the rates their approval fixed, on an hourly wage "
        "of %(hourly)s."
    ) % {"hours": _number(hours), "hourly": hourly}
    return summary, facts


def _insurance(inputs: dict[str, Any], *, employer: bool) -> tuple[str, list[Fact]]:
    side = "employer" if employer else "employee"
    rate, fixed = inputs.get(f"{side}_rate", "0"), inputs.get(f"{side}_fixed", "0")
    values = {
        "base": money(inputs.get("base")),
        "rate": percent(rate),
        "fixed": money(fixed),
        "declared": money(inputs.get("declared")),
        "floor": money(inputs.get("floor")),
        "cap": money(inputs.get("cap")),
    }
    if _decimal(fixed):
        summary = _("Base %(base)s × %(rate)s + %(fixed)s.") % values
    else:
        summary = _("Base %(base)s × %(rate)s.") % values
    if _decimal(inputs.get("base")) != _decimal(inputs.get("declared")):
        summary += (
            " "
            + _(
                "The declared base of %(declared)s is kept between the city's floor of "
                "%(floor)s and cap of %(cap)s."
            )
            % values
        )
    facts = [
        Fact(_("Declared base"), values["declared"]),
        Fact(_("The city's floor"), values["floor"]),
        Fact(_("The city's cap"), values["cap"]),
        Fact(_("Base used"), values["base"]),
        Fact(_("Employee rate"), percent(inputs.get("employee_rate", "0"))),
        Fact(_("Employer rate"), percent(inputs.get("employer_rate", "0"))),
    ]
    if _decimal(inputs.get("employee_fixed")) or _decimal(inputs.get("employer_fixed")):
        facts.append(Fact(_("Employee fixed amount"), money(inputs.get("employee_fixed"))))
        facts.append(Fact(_("Employer fixed amount"), money(inputs.get("employer_fixed"))))
    return summary, facts


def _tax(code: str, explanation: dict[str, Any]) -> str:
    steps = {step[0]: step[2] for step in explanation.get("steps") or [] if len(step) == 3}
    if code == "bonus_tax":
        return _(
            "The annual bonus is taxed on its own: %(bonus)s × %(rate)s less a quick "
            "deduction of %(quick)s."
        ) % {
            "bonus": money(steps.get("bonus")),
            "rate": percent(steps.get("rate")),
            "quick": money(steps.get("quick_deduction")),
        }
    return _(
        "Withheld cumulatively: the tax on this year's taxable income of %(taxable)s is "
        "%(ytd_tax)s; less %(earlier)s withheld in earlier months."
    ) % {
        "taxable": money(steps.get("ytd_taxable")),
        "ytd_tax": money(steps.get("ytd_tax")),
        "earlier": money(steps.get("earlier_tax_withheld")),
    }


def _step(step: list[Any], labels: Mapping[str, str]) -> Fact:
    key, label, amount = step
    shown = percent(amount) if key == "rate" else money(amount)
    if label and _in_reader_language(label):
        return Fact(_(label), shown)
    return Fact(labels.get(key) or _(label) or key, shown)


def _in_reader_language(text: str) -> bool:
    """Whether a label stored by the run reads in the active language: a run keeps its
    labels in the language it was computed in (Chinese or English)."""
    chinese = any("\u4e00" <= char <= "\u9fff" for char in text)
    return chinese == (get_language() or "").startswith("zh")


def _one_off(code: str, explanation: dict[str, Any]) -> tuple[str, list[Fact]]:
    kind = str(PayItem.Kind(code).label)
    if explanation.get("bonus_tax") == PayItem.BonusTax.SEPARATE:
        return _("%(kind)s, taxed separately from the month's wages.") % {"kind": kind}, []
    return _("%(kind)s for this month.") % {"kind": kind}, []


def _component(inputs: dict[str, Any], explanation: dict[str, Any]) -> tuple[str, list[Fact]]:
    calculation = inputs.get("calculation", "")
    rate, formula = inputs.get("rate") or "", inputs.get("formula") or ""
    facts = []
    if calculation in PayComponent.Calculation.values:
        facts.append(Fact(_("Calculation"), str(PayComponent.Calculation(calculation).label)))
    if rate:
        facts.append(Fact(_("Amount or rate"), money(rate)))
    if formula:
        facts.append(Fact(_("Formula"), formula))
    facts.append(
        Fact(_("Before tax"), _("yes") if explanation.get("before_tax", True) else _("no"))
    )
    summaries = {
        PayComponent.Calculation.FIXED: _("A fixed amount of %(rate)s a month."),
        PayComponent.Calculation.PER_DAY_WORKED: _("%(rate)s for each day paid."),
        PayComponent.Calculation.PER_OVERTIME_HOUR: _("%(rate)s for each hour of overtime."),
        PayComponent.Calculation.FORMULA: _("Worked out by the formula %(formula)s."),
    }
    template = summaries.get(calculation, "")
    summary = template % {"rate": money(rate or "0"), "formula": formula} if template else ""
    return summary, facts


def _versions(rules_used: list[dict[str, Any]], region: str) -> dict[str, RuleVersion]:
    """Each rule code -> the row the payslip followed: its region's, else the national one."""
    found: dict[str, RuleVersion] = {}
    for row in rules_used or []:
        code, row_region = row.get("code", ""), row.get("region", "")
        if row_region not in (region, "") or (row_region == "" and code in found):
            continue
        found[code] = RuleVersion(
            code, row_region, str(row.get("effective_from", "")), str(row.get("source", ""))
        )
    return found


def _code_labels() -> dict[str, str]:
    """Lines with a fixed name, in the active language (the same words the run uses)."""
    labels = {code: str(label) for code, label in INSURANCE_LABELS.items()}
    labels.update(
        {
            "base": _("Base salary"),
            "overtime": _("Overtime pay"),
            "unpaid_leave": _("Unpaid leave"),
            "absence": _("Absence"),
            "income_tax": _("Income tax"),
            "bonus_tax": _("Income tax on the annual bonus"),
        }
    )
    return labels


def _wage_step_labels() -> dict[str, str]:
    """The withholding's steps by key (the words of employees.pay.income_tax)."""
    return {
        "income": _("Income this month"),
        "ytd_income": _("Income this year here"),
        "ytd_exempt_income": _("Less exempt income"),
        "ytd_basic_deduction": _("Less the basic deduction"),
        "ytd_social_insurance": _("Less social insurance and housing fund (employee part)"),
        "ytd_special_additional_deductions": _("Less special additional deductions"),
        "ytd_personal_pension": _("Less personal pension (within the yearly cap)"),
        "ytd_other_deductions": _("Less other deductions"),
        "ytd_taxable": _("Taxable income this year"),
        "rate": _("Withholding rate"),
        "quick_deduction": _("Less quick deduction"),
        "ytd_tax": _("Tax on this year's income"),
        "earlier_tax_withheld": _("Less tax withheld in earlier months"),
        "tax": _("Tax withheld this month"),
        "excess_withheld": _(
            "Withheld above this year's tax so far: refunded in the annual reconciliation"
        ),
    }


def _bonus_step_labels() -> dict[str, str]:
    return {
        "bonus": _("Annual one-off bonus"),
        "monthly_average": _("Bonus ÷ 12, which picks the rate"),
        "rate": _("Rate"),
        "quick_deduction": _("Less quick deduction"),
        "tax": _("Tax on the bonus"),
    }


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def _number(value: Any) -> str:
    """A count (days, hours, a share) without trailing zeros."""
    return f"{_decimal(value).normalize():f}"
