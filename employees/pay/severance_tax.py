"""Income tax on severance (财税[2018]164号 art. 5(1)).

"个人与用人单位解除劳动关系取得一次性补偿收入（包括用人单位发放的经济补偿金、生活补助费和
其他补助费），在当地上年职工平均工资3倍数额以内的部分，免征个人所得税；超过3倍数额的部分，
不并入当年综合所得，单独适用综合所得税率表，计算纳税。"

So the one-off compensation is split: up to `average_wage_multiple` (rule
`tax.severance_exempt`) × the local average annual wage of the year before is exempt; the
rest is taxed on its own, by the annual comprehensive-income table
(`tax.wage_annual_table`) applied to that excess alone: no basic deduction, nothing of
the year's wages added. It never enters the cumulative withholding of the wages.

The local average annual wage is the city's published figure, the same statistic as
`wage.city_average_monthly` (the severance cap's base) × 12: the cities publish the
year's figure and the monthly one is it ÷ 12.

Pure over its arguments; the caller reads the rule rows in force on the day paid.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from employees.pay.income_tax import MONTHS_IN_YEAR, band_for, rule_decimal, tax_bands
from employees.pay.money import cents
from hrflow.core.errors import ApplicationError

ZERO = Decimal(0)


@dataclass(frozen=True)
class SeveranceTax:
    amount: Decimal
    exempt_limit: Decimal  # multiple × the local average annual wage
    exempt: Decimal
    taxable: Decimal  # the excess, taxed on its own
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal
    explanation: tuple[str, ...]


def severance_tax(
    amount: Decimal,
    *,
    city_average_monthly: Decimal,
    exempt_rule: Mapping[str, Any],
    annual_table: Mapping[str, Any],
) -> SeveranceTax:
    if amount < 0:
        raise ApplicationError(_("Severance cannot be negative."))
    if city_average_monthly <= 0:
        raise ApplicationError(
            _("The city's average monthly wage must be above zero."),
            extra={"field": "city_average_monthly"},
        )
    multiple = rule_decimal(exempt_rule["average_wage_multiple"])
    annual_average = city_average_monthly * MONTHS_IN_YEAR
    limit = cents(multiple * annual_average)
    exempt = min(amount, limit)
    taxable = amount - exempt
    band = band_for(taxable, tax_bands(annual_table))
    tax = max(cents(taxable * band.rate - band.quick_deduction), ZERO) if taxable else ZERO
    lines = [
        _(
            "Tax-exempt up to %(multiple)s × the local average annual wage %(annual)s "
            "(%(monthly)s × 12) = %(limit)s."
        )
        % {
            "multiple": multiple,
            "annual": cents(annual_average),
            "monthly": cents(city_average_monthly),
            "limit": limit,
        }
    ]
    if taxable:
        lines.append(
            _(
                "The excess %(taxable)s is taxed on its own by the annual table: "
                "%(taxable)s × %(rate)s − %(quick)s = %(tax)s."
            )
            % {
                "taxable": cents(taxable),
                "rate": band.rate,
                "quick": band.quick_deduction,
                "tax": tax,
            }
        )
    else:
        lines.append(_("The whole severance is within the exempt amount: no tax."))
    return SeveranceTax(
        amount=amount,
        exempt_limit=limit,
        exempt=exempt,
        taxable=taxable,
        rate=band.rate,
        quick_deduction=band.quick_deduction,
        tax=tax,
        explanation=tuple(lines),
    )
