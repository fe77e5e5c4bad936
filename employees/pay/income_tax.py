"""Individual income tax on wages, withheld by the cumulative method (累计预扣法).

Pure functions over rule values: callers read each rule of employees/pay/legal_tax.py
with `employees.selectors.rules.legal_value_reader` on a day of the tax month and pass
the values in; nothing here touches the database.

Each month (STA Announcement 2018 No. 61), with year-to-date (YTD) figures at this
employer only, this month included:

    YTD taxable = YTD income − YTD exempt income − YTD basic deduction
                  − YTD social insurance and housing fund (employee part)
                  − YTD special additional deductions − YTD other deductions
    YTD tax = YTD taxable × rate − quick deduction   (the annual table's band)
    tax this month = YTD tax − tax withheld in the earlier months

The tax month is the month the wage is paid in, not the month worked. Nothing is
projected: a leaver's last month is taxed on what was paid so far, like any other month.

When the difference is negative (a lower month after higher ones, a deduction declared
late) nothing is withheld: the employer does not refund (the announcement's "暂不退税");
the employee gets the excess back in the annual reconciliation (汇算清缴). Later months
subtract the tax actually withheld, so the excess is absorbed as the year goes on.

An annual one-off bonus is either taxed on its own (`bonus_tax_separate`, while
`tax.bonus_separate_until` runs) or merged: then it is simply part of the month's
`income` and the cumulative method taxes it with the wage.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from employees.pay.legal_tax import (
    BASIC_DEDUCTION_MONTHLY,
    BONUS_MONTHLY_TABLE,
    BONUS_SEPARATE_UNTIL,
    FIRST_JOB_FROM_JANUARY,
    LOW_INCOME_PRIOR_YEAR_THRESHOLD,
    PERSONAL_PENSION_ANNUAL_CAP,
    WAGE_ANNUAL_TABLE,
)
from employees.pay.money import cents
from hrflow.core.errors import ApplicationError

ZERO = Decimal("0")
MONTHS_IN_YEAR = 12  # the calendar, not a legal number: the bonus is spread over a year


@dataclass(frozen=True)
class TaxBand:
    up_to: Decimal | None  # inclusive; None for the open top band
    rate: Decimal
    quick_deduction: Decimal


@dataclass(frozen=True)
class ExplanationLine:
    key: str  # stable, for code and storage
    label: str  # for the payslip, in the active language
    amount: Decimal


@dataclass(frozen=True)
class RuleUsed:
    code: str
    in_force_on: date  # the day whose row the value was read from


@dataclass(frozen=True)
class Explanation:
    lines: tuple[ExplanationLine, ...]
    rules: tuple[RuleUsed, ...]

    def amount(self, key: str) -> Decimal:
        return next(line.amount for line in self.lines if line.key == key)


@dataclass(frozen=True)
class WageMonth:
    """One month's figures for one employee at this employer.

    `earlier_*` are the sums of the earlier months of the same tax year here; the rest
    are this month's. Personal pension is given as contributed: the annual cap applies
    to the year's running total. A merged annual bonus is part of `income`.
    """

    period: date  # any day of the month the wage is paid in
    months_employed: int  # months employed here this year, this one included
    income: Decimal
    exempt_income: Decimal = ZERO
    social_insurance: Decimal = ZERO  # employee part of social insurance + housing fund
    special_additional_deductions: Decimal = ZERO
    personal_pension: Decimal = ZERO
    other_deductions: Decimal = ZERO
    earlier_income: Decimal = ZERO
    earlier_exempt_income: Decimal = ZERO
    earlier_social_insurance: Decimal = ZERO
    earlier_special_additional_deductions: Decimal = ZERO
    earlier_personal_pension: Decimal = ZERO
    earlier_other_deductions: Decimal = ZERO
    earlier_tax_withheld: Decimal = ZERO
    # No wage income (nor continuous labour remuneration withheld cumulatively) this
    # year before joining here (STA Announcement 2020 No. 13).
    first_job_this_year: bool = False
    # Withheld here every month of last year on wages within the threshold, employed
    # here since January (STA Announcement 2020 No. 19; see
    # `prior_year_low_income_applies`).
    prior_year_low_income: bool = False


@dataclass(frozen=True)
class WageTax:
    ytd_income: Decimal
    ytd_basic_deduction: Decimal
    ytd_taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    ytd_tax: Decimal
    tax: Decimal  # to withhold this month, never negative
    excess_withheld: Decimal  # earlier withholding above the YTD tax, refunded annually
    explanation: Explanation


@dataclass(frozen=True)
class BonusTax:
    bonus: Decimal
    monthly_average: Decimal  # bonus ÷ 12 to the cent, as shown; the band uses it unrounded
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal
    explanation: Explanation


def rule_decimal(value: Any) -> Decimal:
    """A rule's money or rate; str() first so a number HR typed never passes as float."""
    return Decimal(str(value))


def tax_bands(table: Mapping[str, Any]) -> tuple[TaxBand, ...]:
    """The bands of a table rule (`{"bands": [{"up_to", "rate", "quick_deduction"}]}`),
    lowest first; refused when no band is open-ended, as an amount could fall off it."""
    bands = sorted(
        (
            TaxBand(
                None if band["up_to"] is None else rule_decimal(band["up_to"]),
                rule_decimal(band["rate"]),
                rule_decimal(band["quick_deduction"]),
            )
            for band in table["bands"]
        ),
        key=lambda band: (band.up_to is None, band.up_to or ZERO),
    )
    if not bands or bands[-1].up_to is not None:
        raise ApplicationError(
            _("A tax table's last band must have no upper limit; HR admins correct it.")
        )
    return tuple(bands)


def band_for(amount: Decimal, bands: tuple[TaxBand, ...]) -> TaxBand:
    return next(band for band in bands if band.up_to is None or amount <= band.up_to)


def prior_year_low_income_applies(
    prior_year_wages: Decimal, months_withheld_here: int, *, threshold: str | Decimal
) -> bool:
    """STA Announcement 2020 No. 19's conditions on last year: wages withheld here in
    each of its 12 months, their total (before any deduction, bonuses included) within
    the threshold. The employee must also still be employed here in January."""
    return months_withheld_here == MONTHS_IN_YEAR and prior_year_wages <= rule_decimal(threshold)


def basic_deduction(
    inputs: WageMonth,
    *,
    monthly: Decimal,
    first_job_from_january: bool,
    low_income_threshold: Decimal | None,
) -> tuple[Decimal, str]:
    """The YTD basic deduction and how it was reached.

    STA Announcement 2020 No. 19, as read here: for a qualifying employee the cumulative
    basic deduction is the whole year's 60,000 from January on ("累计减除费用自1月份起直接
    按照全年6万元计算扣除"). In months whose YTD income is at most 60,000 nothing is withheld
    ("暂不预扣预缴"); from the month it passes 60,000 the cumulative method runs as usual,
    still with 60,000 as the YTD basic deduction. The first part implies the second: YTD
    taxable = YTD income − 60,000 − other deductions cannot be positive while YTD income
    is at most 60,000, so one formula serves every month.

    STA Announcement 2020 No. 13: a first wage income of the year counts 5,000 for every
    month from January to this one, not only the months employed here; before
    2020-07-01 (`tax.first_job_deduction_from_january` false) the months employed here.
    """
    if inputs.prior_year_low_income:
        if low_income_threshold is None:
            raise ApplicationError(
                _(
                    "The prior-year low-income rule is not in force on %(day)s; clear the "
                    "employee's prior-year low-income flag."
                )
                % {"day": inputs.period.isoformat()}
            )
        label = _("Basic deduction: the whole year's %(amount)s (prior-year low income)") % {
            "amount": low_income_threshold
        }
        return low_income_threshold, label
    if inputs.first_job_this_year and first_job_from_january:
        months = inputs.period.month
        label = _(
            "Basic deduction: %(monthly)s × months from January (%(months)s), first wage "
            "income this year"
        ) % {"monthly": monthly, "months": months}
        return monthly * months, label
    label = _("Basic deduction: %(monthly)s × months employed here (%(months)s)") % {
        "monthly": monthly,
        "months": inputs.months_employed,
    }
    return monthly * inputs.months_employed, label


def _check(inputs: WageMonth) -> None:
    if not 1 <= inputs.months_employed <= inputs.period.month:
        raise ApplicationError(
            _(
                "Months employed this year (%(months)s) must be from 1 to the number of the "
                "tax month (%(month)s)."
            )
            % {"months": inputs.months_employed, "month": inputs.period.month}
        )
    if inputs.first_job_this_year and inputs.prior_year_low_income:
        raise ApplicationError(
            _(
                "An employee withheld here every month of last year has no first job this "
                "year: clear one of the two flags."
            )
        )


def _deductible_pension(inputs: WageMonth, cap: str | Decimal | None) -> Decimal:
    contributed = inputs.earlier_personal_pension + inputs.personal_pension
    if not contributed:
        return ZERO
    if cap is None:
        raise ApplicationError(
            _("Personal pension contributions are not deductible on %(day)s.")
            % {"day": inputs.period.isoformat()}
        )
    return min(contributed, rule_decimal(cap))


def wage_tax_month(
    inputs: WageMonth,
    *,
    annual_table: Mapping[str, Any],
    basic_deduction_monthly: str | Decimal,
    first_job_from_january: bool,
    low_income_prior_year_threshold: str | Decimal | None = None,
    personal_pension_annual_cap: str | Decimal | None = None,
) -> WageTax:
    """The tax to withhold from this month's wage, with every figure explained.

    Rule values as read on `inputs.period`: `tax.wage_annual_table`,
    `tax.basic_deduction_monthly` and `tax.first_job_deduction_from_january` always;
    `tax.low_income_prior_year_threshold` when the employee is flagged for it and
    `tax.personal_pension_annual_cap` when the employee contributes (refused without).
    """
    _check(inputs)
    on = inputs.period
    rules = [
        RuleUsed(WAGE_ANNUAL_TABLE, on),
        RuleUsed(BASIC_DEDUCTION_MONTHLY, on),
        RuleUsed(FIRST_JOB_FROM_JANUARY, on),
    ]
    threshold = None
    if low_income_prior_year_threshold is not None:
        threshold = rule_decimal(low_income_prior_year_threshold)
    ytd_basic, basic_label = basic_deduction(
        inputs,
        monthly=rule_decimal(basic_deduction_monthly),
        first_job_from_january=first_job_from_january,
        low_income_threshold=threshold,
    )
    if inputs.prior_year_low_income:
        rules.append(RuleUsed(LOW_INCOME_PRIOR_YEAR_THRESHOLD, on))
    pension = _deductible_pension(inputs, personal_pension_annual_cap)
    if pension:
        rules.append(RuleUsed(PERSONAL_PENSION_ANNUAL_CAP, on))

    ytd_income = inputs.earlier_income + inputs.income
    ytd_exempt = inputs.earlier_exempt_income + inputs.exempt_income
    ytd_social = inputs.earlier_social_insurance + inputs.social_insurance
    ytd_special = inputs.earlier_special_additional_deductions + (
        inputs.special_additional_deductions
    )
    ytd_other = inputs.earlier_other_deductions + inputs.other_deductions
    deductions = ytd_exempt + ytd_basic + ytd_social + ytd_special + pension + ytd_other
    # No negative taxable income: what the deductions leave unused is simply not taxed.
    ytd_taxable = max(ytd_income - deductions, ZERO)
    band = band_for(ytd_taxable, tax_bands(annual_table))
    ytd_tax = max(cents(ytd_taxable * band.rate - band.quick_deduction), ZERO)
    difference = ytd_tax - inputs.earlier_tax_withheld
    tax = max(difference, ZERO)
    excess = max(-difference, ZERO)

    lines = [
        ExplanationLine("income", _("Income this month"), inputs.income),
        ExplanationLine("ytd_income", _("Income this year here"), ytd_income),
        ExplanationLine("ytd_exempt_income", _("Less exempt income"), ytd_exempt),
        ExplanationLine("ytd_basic_deduction", basic_label, ytd_basic),
        ExplanationLine(
            "ytd_social_insurance",
            _("Less social insurance and housing fund (employee part)"),
            ytd_social,
        ),
        ExplanationLine(
            "ytd_special_additional_deductions",
            _("Less special additional deductions"),
            ytd_special,
        ),
    ]
    if pension:
        lines.append(
            ExplanationLine(
                "ytd_personal_pension", _("Less personal pension (within the yearly cap)"), pension
            )
        )
    lines += [
        ExplanationLine("ytd_other_deductions", _("Less other deductions"), ytd_other),
        ExplanationLine("ytd_taxable", _("Taxable income this year"), ytd_taxable),
        ExplanationLine("rate", _("Withholding rate"), band.rate),
        ExplanationLine("quick_deduction", _("Less quick deduction"), band.quick_deduction),
        ExplanationLine("ytd_tax", _("Tax on this year's income"), ytd_tax),
        ExplanationLine(
            "earlier_tax_withheld",
            _("Less tax withheld in earlier months"),
            inputs.earlier_tax_withheld,
        ),
        ExplanationLine("tax", _("Tax withheld this month"), tax),
    ]
    if excess:
        lines.append(
            ExplanationLine(
                "excess_withheld",
                _("Withheld above this year's tax so far: refunded in the annual reconciliation"),
                excess,
            )
        )
    return WageTax(
        ytd_income=ytd_income,
        ytd_basic_deduction=ytd_basic,
        ytd_taxable=ytd_taxable,
        rate=band.rate,
        quick_deduction=band.quick_deduction,
        ytd_tax=ytd_tax,
        tax=tax,
        excess_withheld=excess,
        explanation=Explanation(tuple(lines), tuple(rules)),
    )


def bonus_separate_available(on: date, *, separate_until: str | date) -> bool:
    """Whether an annual one-off bonus paid on `on` may be taxed on its own, from
    `tax.bonus_separate_until` read on that day. Each employee may use it once a year."""
    until = (
        separate_until if isinstance(separate_until, date) else date.fromisoformat(separate_until)
    )
    return on <= until


def bonus_tax_separate(
    bonus: Decimal,
    *,
    paid_on: date,
    bonus_monthly_table: Mapping[str, Any],
    separate_until: str | date,
) -> BonusTax:
    """The tax on an annual one-off bonus taxed on its own: bonus ÷ 12 picks the band
    of the monthly table, tax = bonus × rate − quick deduction (财税[2018]164号).

    The band is picked on the exact quotient, so 36,000.01 ÷ 12 lies above 3,000: the
    bonus crosses into 10 % whole, the well-known cliff. Refused once the option ended.
    """
    if not bonus_separate_available(paid_on, separate_until=separate_until):
        raise ApplicationError(
            _(
                "An annual bonus paid on %(day)s cannot be taxed separately any more; add it "
                "to the month's income."
            )
            % {"day": paid_on.isoformat()}
        )
    if bonus < ZERO:
        raise ApplicationError(_("An annual bonus cannot be negative."))
    average = bonus / MONTHS_IN_YEAR
    band = band_for(average, tax_bands(bonus_monthly_table))
    tax = max(cents(bonus * band.rate - band.quick_deduction), ZERO)
    lines = (
        ExplanationLine("bonus", _("Annual one-off bonus"), bonus),
        ExplanationLine("monthly_average", _("Bonus ÷ 12, which picks the rate"), cents(average)),
        ExplanationLine("rate", _("Rate"), band.rate),
        ExplanationLine("quick_deduction", _("Less quick deduction"), band.quick_deduction),
        ExplanationLine("tax", _("Tax on the bonus"), tax),
    )
    rules = (RuleUsed(BONUS_MONTHLY_TABLE, paid_on), RuleUsed(BONUS_SEPARATE_UNTIL, paid_on))
    return BonusTax(
        bonus=bonus,
        monthly_average=cents(average),
        rate=band.rate,
        quick_deduction=band.quick_deduction,
        tax=tax,
        explanation=Explanation(lines, rules),
    )
