"""Severance (经济补偿) when a labour contract ends, Labour Contract Law arts. 46–47.

Pure arithmetic over the legal rule rows `severance.rules`, `wage.city_average_monthly`
and `severance.due_by_reason`; the caller reads them for the last day and the region.

Service is counted in calendar months as hrflow counts every legal month
(`employees.periods.period_end`): a month from the 15th ends on the 14th of the next
month; a month from the 31st (or 29th, 30th) ends on the last day of a shorter next
month, so service from 31 August completes six months on 28 February (29th in a leap
year). Whatever is left after the last completed month is the days over.

Left to the caller, each said where it matters:
- the average monthly wage of the 12 months before leaving (fewer if employed less),
  all wages counted: time or piece wages, bonuses, allowances, subsidies (implementing
  regulations art. 27), and raised to the local minimum wage when below it;
- service before 1 January 2008 (art. 97): severance for it only where the rules of the
  time granted it, and the cap of art. 47 para. 2 only for service from 2008; pass
  `start` = 2008-01-01 for the part under this law and add the earlier part by hand;
- service at an earlier employer that transferred the employee without the employee's
  own reason counts (implementing regulations art. 10): pass the earlier start.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from employees.pay.money import cents
from employees.periods import period_end
from hrflow.core.errors import ApplicationError

HALF = Decimal("0.5")


@dataclass(frozen=True)
class ServiceLength:
    months: int  # completed calendar months from the start
    days_over: int  # days served after the last completed month

    @property
    def years(self) -> int:
        return self.months // 12

    @property
    def months_over(self) -> int:
        return self.months % 12


@dataclass(frozen=True)
class Severance:
    service: ServiceLength
    years_counted: Decimal  # after the remainder rule and the cap on years: 4, 2.5, 12
    months_of_pay: Decimal  # years counted × the months' wages a year
    wage_used: Decimal  # the average monthly wage, or the cap when the wage is above it
    capped: bool
    amount: Decimal
    explanation: tuple[str, ...]


def completed_months(start: date, last_day: date) -> int:
    """Calendar months completed from `start` through `last_day` (both served)."""
    months = (last_day.year - start.year) * 12 + last_day.month - start.month + 1
    while months > 0 and period_end(start, months) > last_day:
        months -= 1
    return max(months, 0)


def service_length(start: date, last_day: date) -> ServiceLength:
    if last_day < start:
        raise ApplicationError(
            _("The last day %(last_day)s is before the start %(start)s.")
            % {"last_day": last_day.isoformat(), "start": start.isoformat()},
            extra={"field": "last_day"},
        )
    months = completed_months(start, last_day)
    return ServiceLength(months, (last_day - period_end(start, months)).days)


def severance_pay(
    *,
    start: date,
    last_day: date,
    average_monthly_wage: Decimal,
    city_average_monthly: Decimal,
    rules: Mapping[str, Any],
) -> Severance:
    """Statutory severance for service from `start` to `last_day` (art. 47).

    A month's wage per full year; a remainder of `half_month_below_months` months or more
    counts as a year, any shorter remainder (a single day too) as half a year. A wage
    strictly above `cap_multiple` × the city's average (the figure of the year before
    leaving that the city published) is replaced by that cap, and then, only then, at
    most `cap_years` years count: a wage of exactly 3× keeps all its years. The amount
    is rounded to the fen once, at the end.
    """
    if average_monthly_wage < 0:
        raise ApplicationError(
            _("The average monthly wage cannot be negative."),
            extra={"field": "average_monthly_wage"},
        )
    if city_average_monthly <= 0:
        raise ApplicationError(
            _("The city's average monthly wage must be above zero."),
            extra={"field": "city_average_monthly"},
        )
    service = service_length(start, last_day)
    threshold = int(rules["half_month_below_months"])
    years = Decimal(service.years)
    lines = [
        _(
            "Service from %(start)s to %(last_day)s: %(years)s years, %(months)s months and "
            "%(days)s days."
        )
        % {
            "start": start.isoformat(),
            "last_day": last_day.isoformat(),
            "years": service.years,
            "months": service.months_over,
            "days": service.days_over,
        }
    ]
    if service.months_over >= threshold:
        years += 1
        lines.append(
            _(
                "A remainder of %(threshold)s months or more counts as a year: %(counted)s "
                "years count."
            )
            % {"threshold": threshold, "counted": years}
        )
    elif service.months_over or service.days_over:
        years += HALF
        lines.append(
            _(
                "A remainder under %(threshold)s months counts as half a year: %(counted)s "
                "years count."
            )
            % {"threshold": threshold, "counted": years}
        )
    cap = Decimal(str(rules["cap_multiple"])) * city_average_monthly
    figures = {
        "wage": cents(average_monthly_wage),
        "multiple": rules["cap_multiple"],
        "average": cents(city_average_monthly),
        "cap": cents(cap),
        "cap_years": rules["cap_years"],
    }
    capped = average_monthly_wage > cap
    wage = average_monthly_wage
    if capped:
        wage = cap
        years = min(years, Decimal(int(rules["cap_years"])))
        lines.append(
            _(
                "The average monthly wage %(wage)s is above %(multiple)s × the city's average "
                "%(average)s: the wage used is %(cap)s, and at most %(cap_years)s years count."
            )
            % figures
        )
    else:
        lines.append(
            _(
                "The average monthly wage %(wage)s is not above %(multiple)s × the city's "
                "average %(average)s (%(cap)s): it is used as it is."
            )
            % figures
        )
    months = years * Decimal(str(rules["months_per_year"]))
    amount = cents(months * wage)
    lines.append(
        _("%(months)s months' wages × %(wage)s = %(amount)s.")
        % {"months": months, "wage": cents(wage), "amount": amount}
    )
    return Severance(service, years, months, cents(wage), capped, amount, tuple(lines))


def severance_due(reason: str, *, due_by_reason: Mapping[str, bool]) -> bool:
    """Whether the law owes severance when a contract ends for `reason` (art. 46).

    `due_by_reason` is the rule `severance.due_by_reason`; its keys are the reasons:
    resignation, employee_terminates_for_employer_fault, mutual_agreement_employer_proposed,
    mutual_agreement_employee_proposed, dismissal_for_misconduct, dismissal_with_notice,
    redundancy, fixed_term_ended_not_renewed_by_employer,
    fixed_term_ended_renewal_offered_on_worse_terms,
    fixed_term_ended_employee_declined_same_or_better_terms, employer_closed, retirement,
    death. Which one applies is HR's finding; a reason the rule does not name is refused
    rather than guessed.
    """
    if reason not in due_by_reason:
        raise ApplicationError(
            _(
                "No severance rule names the reason for leaving %(reason)s; known reasons: "
                "%(known)s."
            )
            % {"reason": reason, "known": ", ".join(sorted(due_by_reason))},
            extra={"field": "reason"},
        )
    return bool(due_by_reason[reason])
