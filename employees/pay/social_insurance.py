"""Social insurance and housing fund (五险一金) for one employee and month, from a city's
`social_insurance.policy` value (shape in employees/pay/legal_social_insurance.py).

Pure functions over the rule data: the caller reads the policy in force for the
employee's city and month (`legal_value("social_insurance.policy", on=..., region=city)`)
and passes it in, so payroll runs, previews and tests share one calculation.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import (
    ROUND_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    InvalidOperation,
)
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrflow.core.errors import ApplicationError

PENSION = "pension"
MEDICAL = "medical"
UNEMPLOYMENT = "unemployment"
WORK_INJURY = "work_injury"
HOUSING_FUND = "housing_fund"
SOCIAL_INSURANCE = "social_insurance"  # every insurance but the housing fund, for rounding
# Every city's policy must have these; a city that collects another insurance adds it.
REQUIRED_INSURANCES = (PENSION, MEDICAL, UNEMPLOYMENT, WORK_INJURY, HOUSING_FUND)

INSURANCE_LABELS: dict[str, Promise] = {
    PENSION: gettext_lazy("Pension"),
    MEDICAL: gettext_lazy("Medical"),
    UNEMPLOYMENT: gettext_lazy("Unemployment"),
    WORK_INJURY: gettext_lazy("Work injury"),
    HOUSING_FUND: gettext_lazy("Housing fund"),
    "maternity": gettext_lazy("Maternity"),
    SOCIAL_INSURANCE: gettext_lazy("Social insurance"),
}

ROUNDING_MODES = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
}
ZERO = Decimal("0")


@dataclass(frozen=True)
class Rounding:
    places: int
    mode: str

    def apply(self, amount: Decimal) -> Decimal:
        return amount.quantize(Decimal(1).scaleb(-self.places), rounding=ROUNDING_MODES[self.mode])


@dataclass(frozen=True)
class InsuranceContribution:
    insurance: str  # the policy's key: "pension", "housing_fund", ...
    declared: Decimal  # the wage or declared base before the floor and cap
    base_floor: Decimal
    base_cap: Decimal
    base: Decimal
    employer_rate: Decimal
    employee_rate: Decimal
    employer_fixed: Decimal
    employee_fixed: Decimal
    employer_amount: Decimal
    employee_amount: Decimal
    rounding: Rounding

    @property
    def raised_to_floor(self) -> bool:
        return self.declared < self.base

    @property
    def capped(self) -> bool:
        return self.declared > self.base


@dataclass(frozen=True)
class Contributions:
    lines: tuple[InsuranceContribution, ...]
    employee_total: Decimal  # withheld from pay; what income tax deducts (专项扣除)
    employer_total: Decimal  # the employer's cost on top of the wage

    def of(self, insurance: str) -> InsuranceContribution:
        for line in self.lines:
            if line.insurance == insurance:
                return line
        raise KeyError(insurance)


def contribution_base(declared_or_wage: Decimal, floor: Decimal, cap: Decimal) -> Decimal:
    """The wage (or declared base) clamped to the city's floor and cap."""
    if declared_or_wage < ZERO:
        raise ApplicationError(
            _("A contribution base cannot be negative (%(amount)s).")
            % {"amount": _money(declared_or_wage)}
        )
    if floor > cap:
        raise ApplicationError(
            _("The base floor %(floor)s is above the base cap %(cap)s.")
            % {"floor": _money(floor), "cap": _money(cap)}
        )
    return min(max(declared_or_wage, floor), cap)


def contributions_month(
    policy: Mapping[str, Any],
    *,
    wage_base: Decimal,
    local_hukou: bool,
    work_injury_rate: Decimal | None,
    housing_fund_rate: Decimal | None,
    declared_base: Decimal | None = None,
) -> Contributions:
    """One month's contributions, each side of each insurance rounded as the policy says.

    `declared_base` is the base declared to the social insurance bureau for the year
    (normally last year's average monthly wage); without it the month's `wage_base` is
    used (a joiner's first year). `work_injury_rate` is the company's rate for its
    industry, `housing_fund_rate` its housing-fund rate (the same for both sides); None
    takes the policy's default. A rate outside the policy's range is refused.
    """
    insurances = policy.get("insurances") or {}
    for insurance in REQUIRED_INSURANCES:
        if insurance not in insurances:
            raise ApplicationError(
                _(
                    "The social insurance policy lacks the insurance %(insurance)s; HR admins "
                    "add it under Legal rules."
                )
                % {"insurance": insurance_label(insurance)}
            )
    declared = wage_base if declared_base is None else declared_base
    roundings = policy.get("rounding") or {}
    social_rounding = _rounding(roundings.get(SOCIAL_INSURANCE), SOCIAL_INSURANCE)
    fund_rounding = _rounding(roundings.get(HOUSING_FUND), HOUSING_FUND)
    lines = []
    extras = [key for key in insurances if key not in REQUIRED_INSURANCES]
    for insurance in (*REQUIRED_INSURANCES, *extras):
        terms = _terms(insurances[insurance], insurance, local_hukou=local_hukou)
        lines.append(
            _contribution(
                insurance,
                terms,
                declared,
                chosen_rate=_chosen_rate(insurance, work_injury_rate, housing_fund_rate),
                rounding=fund_rounding if insurance == HOUSING_FUND else social_rounding,
            )
        )
    return Contributions(
        lines=tuple(lines),
        employee_total=sum((line.employee_amount for line in lines), ZERO),
        employer_total=sum((line.employer_amount for line in lines), ZERO),
    )


def _terms(entry: Any, insurance: str, *, local_hukou: bool) -> dict[str, Any]:
    """The insurance's entry; for an employee without the city's hukou its
    `employer_rate_non_local` and `employee_rate_non_local` are the rates."""
    if not isinstance(entry, Mapping):
        raise _malformed(insurance, "terms", entry)
    terms = dict(entry)
    if not local_hukou:
        for rate in ("employer_rate", "employee_rate"):
            if terms.get(f"{rate}_non_local") is not None:
                terms[rate] = terms[f"{rate}_non_local"]
    return terms


def _chosen_rate(
    insurance: str, work_injury_rate: Decimal | None, housing_fund_rate: Decimal | None
) -> Decimal | None:
    if insurance == WORK_INJURY:
        return work_injury_rate
    if insurance == HOUSING_FUND:
        return housing_fund_rate
    return None


def _contribution(
    insurance: str,
    terms: dict[str, Any],
    declared: Decimal,
    *,
    chosen_rate: Decimal | None,
    rounding: Rounding,
) -> InsuranceContribution:
    floor = _number(terms, "base_floor", insurance)
    cap = _number(terms, "base_cap", insurance)
    base = contribution_base(declared, floor, cap)
    if insurance == HOUSING_FUND:  # one rate the company chooses, paid by both sides
        rate = _in_range(insurance, terms, "rate_range", chosen_rate, "default_rate")
        employer_rate = employee_rate = rate
    elif insurance == WORK_INJURY:  # the employer's rate, set by the company's industry
        employer_rate = _in_range(
            insurance, terms, "employer_rate_range", chosen_rate, "employer_rate"
        )
        employee_rate = _number(terms, "employee_rate", insurance)
    else:
        employer_rate = _number(terms, "employer_rate", insurance)
        employee_rate = _number(terms, "employee_rate", insurance)
    employer_fixed = _number(terms, "employer_fixed", insurance, default=ZERO)
    employee_fixed = _number(terms, "employee_fixed", insurance, default=ZERO)
    return InsuranceContribution(
        insurance=insurance,
        declared=declared,
        base_floor=floor,
        base_cap=cap,
        base=base,
        employer_rate=employer_rate,
        employee_rate=employee_rate,
        employer_fixed=employer_fixed,
        employee_fixed=employee_fixed,
        employer_amount=rounding.apply(base * employer_rate + employer_fixed),
        employee_amount=rounding.apply(base * employee_rate + employee_fixed),
        rounding=rounding,
    )


def _in_range(
    insurance: str,
    terms: dict[str, Any],
    range_field: str,
    chosen: Decimal | None,
    default_field: str,
) -> Decimal:
    bounds = terms.get(range_field)
    if not isinstance(bounds, list | tuple) or len(bounds) != 2:
        raise _malformed(insurance, range_field, bounds)
    low = _decimal(bounds[0], insurance, range_field)
    high = _decimal(bounds[1], insurance, range_field)
    rate = _number(terms, default_field, insurance) if chosen is None else chosen
    if not low <= rate <= high:
        raise ApplicationError(
            _(
                "%(insurance)s: the rate %(rate)s is outside the range the policy allows "
                "(%(low)s to %(high)s)."
            )
            % {
                "insurance": insurance_label(insurance),
                "rate": _percent(rate),
                "low": _percent(low),
                "high": _percent(high),
            }
        )
    return rate


def _rounding(spec: Any, where: str) -> Rounding:
    if not isinstance(spec, Mapping):
        raise _malformed(where, "rounding", spec)
    places, mode = spec.get("places"), spec.get("mode")
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 2:
        raise _malformed(where, "rounding", spec)
    if mode not in ROUNDING_MODES:
        raise ApplicationError(
            _("The social insurance policy names an unknown rounding mode %(mode)s.")
            % {"mode": mode}
        )
    return Rounding(places=places, mode=mode)


def _number(
    terms: Mapping[str, Any], field: str, insurance: str, default: Decimal | None = None
) -> Decimal:
    if field not in terms or terms[field] is None:
        if default is not None:
            return default
        raise ApplicationError(
            _(
                "%(insurance)s: the social insurance policy lacks %(field)s; HR admins "
                "correct it under Legal rules."
            )
            % {"insurance": insurance_label(insurance), "field": field}
        )
    return _decimal(terms[field], insurance, field)


def _decimal(value: Any, insurance: str, field: str) -> Decimal:
    if isinstance(value, bool):
        raise _malformed(insurance, field, value)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _malformed(insurance, field, value) from None
    if not number.is_finite() or number < ZERO:
        raise _malformed(insurance, field, value)
    return number


def _malformed(insurance: str, field: str, value: Any) -> ApplicationError:
    return ApplicationError(
        _("%(insurance)s: the social insurance policy has an invalid %(field)s: %(value)s.")
        % {"insurance": insurance_label(insurance), "field": field, "value": value}
    )


def insurance_label(insurance: str) -> str:
    label = INSURANCE_LABELS.get(insurance)
    return str(label) if label is not None else insurance


def explanation(line: InsuranceContribution) -> str:
    """One insurance's figures in words, for the payslip: the base (and the floor or cap
    that moved it), each side's rate, fixed amount and result."""
    values = {
        "insurance": insurance_label(line.insurance),
        "declared": _money(line.declared),
        "base": _money(line.base),
    }
    if line.capped:
        parts = [_("%(insurance)s: base %(declared)s, capped at %(base)s") % values]
    elif line.raised_to_floor:
        parts = [_("%(insurance)s: base %(declared)s, raised to the floor %(base)s") % values]
    else:
        parts = [_("%(insurance)s: base %(base)s") % values]
    if line.employer_rate or line.employer_fixed:
        parts.append(
            _side(
                _("employer %(rate)s = %(amount)s"),
                _("employer %(rate)s + %(fixed)s = %(amount)s"),
                line.employer_rate,
                line.employer_fixed,
                line.employer_amount,
            )
        )
    if line.employee_rate or line.employee_fixed:
        parts.append(
            _side(
                _("employee %(rate)s = %(amount)s"),
                _("employee %(rate)s + %(fixed)s = %(amount)s"),
                line.employee_rate,
                line.employee_fixed,
                line.employee_amount,
            )
        )
    if line.rounding.places == 0:
        parts.append(_("rounded to the yuan"))
    elif line.rounding.places == 1:
        parts.append(_("rounded to the jiao"))
    return "; ".join(parts)


def explanations(contributions: Contributions) -> list[str]:
    return [explanation(line) for line in contributions.lines]


def _side(plain: str, with_fixed: str, rate: Decimal, fixed: Decimal, amount: Decimal) -> str:
    values = {"rate": _percent(rate), "fixed": _money(fixed), "amount": _money(amount)}
    return (with_fixed if fixed else plain) % values


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def contributes_in_month(
    start: date, end: date | None, month: date, *, rule: Mapping[str, Any]
) -> bool:
    """Whether an employee employed from `start` to `end` (inclusive; None: still
    employed) contributes for the calendar month containing `month`.

    Contributions are owed by the month, never by the day: a month of employment counts
    in full. The policy's `contribution_months` may set a cut-off day for the joining
    and the leaving month (see legal_social_insurance); without one, the month of
    joining and the month of leaving count and the month after leaving does not.
    """
    first = month.replace(day=1)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if start > last or (end is not None and end < first):
        return False
    months = rule.get("contribution_months") or {}
    join_by = _cut_off_day(months, "joiner_start_day_at_most")
    leave_from = _cut_off_day(months, "leaver_end_day_at_least")
    if start >= first and join_by is not None and start.day > join_by:
        return False
    return not (end is not None and end <= last and leave_from is not None and end.day < leave_from)


def _cut_off_day(months: Mapping[str, Any], field: str) -> int | None:
    day = months.get(field)
    if day is None:
        return None
    if not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 31:
        raise _malformed("contribution_months", field, day)
    return day
