"""The employee's own tax declarations: special additional deductions (专项附加扣除)
from a month on, and "no wage income earlier this year" for a first job.

The monthly amount of a deduction is worked out from what the employee declares
(children, their share, only child or not, the city's tier) and the dated rule
`tax.special_additional_deductions`, never typed. A declaration runs from its first
month until ended; changing one ends it and starts a new one, so months already
withheld keep what they deducted. A late declaration still counts from its first
month: the cumulative withholding catches up (employees.pay.payslip_compute).
"""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from employees.lock_objects import employee_lock
from employees.models import Employee, TaxDeduction, TaxYear
from employees.pay.income_tax import rule_decimal
from employees.pay.legal_tax import SPECIAL_ADDITIONAL_DEDUCTIONS
from employees.pay.periods import month_first, next_month
from employees.selectors.rules import legal_value
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError

Item = TaxDeduction.Item
# Items that exclude each other in the same months (国发[2018]41号 art. 22).
EXCLUSIVE = {Item.RENT: Item.HOUSING_LOAN_INTEREST, Item.HOUSING_LOAN_INTEREST: Item.RENT}
MAX_CHILDREN = 10


def deduction_monthly_amount(item: str, details: dict[str, Any], rule: dict[str, Any]) -> Decimal:
    """The month's deduction for a declared item, from the rule's amounts."""
    terms = rule.get(item)
    if terms is None or item not in Item.values:
        raise ApplicationError(_("Choose a deduction."), extra={"field": "item"})
    if item in (Item.CHILDREN_EDUCATION, Item.INFANT_CARE):
        children = _whole(details.get("children"), "children", 1, MAX_CHILDREN)
        share = str(details.get("share", ""))
        if share not in terms["parent_shares"]:
            raise ApplicationError(
                _("Choose your share: all of it, or half with the other parent."),
                extra={"field": "share"},
            )
        return rule_decimal(terms["monthly_per_child"]) * children * Decimal(share)
    if item == Item.ELDERLY_SUPPORT:
        if details.get("only_child"):
            return rule_decimal(terms["monthly_only_child"])
        most = rule_decimal(terms["monthly_shared_max_each"])
        amount = _amount(details.get("elderly_share"))
        if amount is None or not Decimal(0) < amount <= most:
            raise ApplicationError(
                _("Shared with siblings, your part is more than 0 and at most %(most)s a month.")
                % {"most": most},
                extra={"field": "elderly_share"},
            )
        return amount
    if item == Item.CONTINUING_EDUCATION:
        return rule_decimal(terms["monthly_academic"])
    if item == Item.HOUSING_LOAN_INTEREST:
        return rule_decimal(terms["monthly"])
    tier = str(details.get("city_tier", ""))
    if tier not in terms["monthly_by_city"]:
        raise ApplicationError(_("Choose the city's size."), extra={"field": "city_tier"})
    return rule_decimal(terms["monthly_by_city"][tier])


def _whole(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise ApplicationError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            extra={"field": field},
        )
    return number


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() else None


@transaction.atomic
def tax_deduction_declare(
    *, employee: Employee, item: str, details: dict[str, Any], valid_from: date, actor: User | None
) -> TaxDeduction:
    """Declare an item from a month on; the item's current declaration ends there."""
    employee_lock(employee.pk)
    first = month_first(valid_from)
    if first < date(month_first(employee.hire_date).year, 1, 1):
        raise ApplicationError(
            _("A deduction can start in the year you joined at the earliest."),
            extra={"field": "valid_from"},
        )
    rule = legal_value(SPECIAL_ADDITIONAL_DEDUCTIONS, on=first)
    amount = deduction_monthly_amount(item, details, rule)
    clashing = EXCLUSIVE.get(Item(item)) if item in Item.values else None
    open_rows = TaxDeduction.objects.filter(employee=employee).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=first)
    )
    if clashing is not None and open_rows.filter(item=clashing).exists():
        raise ApplicationError(
            _("Housing-loan interest and rent cannot be deducted in the same months."),
            extra={"field": "item"},
        )
    current = open_rows.filter(item=item).order_by("-valid_from").first()
    if current is not None:
        if current.valid_from >= first:
            raise ApplicationError(
                _("This deduction already starts on %(month)s; end it first to change it.")
                % {"month": f"{current.valid_from:%Y-%m}"},
                extra={"field": "valid_from"},
            )
        current.valid_to = first
        current.save(update_fields=["valid_to", "updated_at"])
    declared = TaxDeduction.objects.create(
        employee=employee,
        item=item,
        monthly_amount=amount,
        details=_details_kept(details),
        valid_from=first,
        declared_by=actor,
    )
    audit_record(
        actor=actor,
        action="employees.tax_deduction_declare",
        target=employee,
        changes={"item": item, "from": f"{first:%Y-%m}", "monthly": str(amount)},
    )
    return declared


def _details_kept(details: dict[str, Any]) -> dict[str, Any]:
    """Only what the amount was worked out from, as plain text."""
    keys = ("children", "share", "only_child", "elderly_share", "city_tier")
    return {key: str(details[key]) for key in keys if details.get(key) not in (None, "")}


@transaction.atomic
def tax_deduction_end(
    *, declaration: TaxDeduction, last_month: date, actor: User | None
) -> TaxDeduction:
    """The declaration's last month is `last_month`."""
    declaration = TaxDeduction.objects.select_for_update().get(pk=declaration.pk)
    until = next_month(last_month)
    if until <= declaration.valid_from:
        raise ApplicationError(
            _("The last month cannot come before the first (%(month)s).")
            % {"month": f"{declaration.valid_from:%Y-%m}"},
            extra={"field": "last_month"},
        )
    if declaration.valid_to is not None and declaration.valid_to <= until:
        raise ApplicationError(_("This deduction has ended already."))
    declaration.valid_to = until
    declaration.save(update_fields=["valid_to", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.tax_deduction_end",
        target=declaration.employee,
        changes={"item": declaration.item, "last": f"{last_month:%Y-%m}"},
    )
    return declaration


@transaction.atomic
def tax_first_job_declare(
    *, employee: Employee, year: int, first_job: bool, actor: User | None
) -> TaxYear:
    """The employee says whether they had wage income earlier in `year` (a first job
    of the year has the basic deduction counted from January, STA 2020 No. 13)."""
    tax_year, _created = TaxYear.objects.select_for_update().get_or_create(
        employee=employee, year=year
    )
    if first_job and tax_year.prior_year_low_income:
        raise ApplicationError(
            _("Withheld here every month of last year, this cannot be a first job this year.")
        )
    tax_year.first_job_this_year = first_job
    tax_year.save(update_fields=["first_job_this_year", "updated_at"])
    audit_record(
        actor=actor,
        action="employees.tax_first_job_declare",
        target=employee,
        changes={"year": year, "first_job": first_job},
    )
    return tax_year
