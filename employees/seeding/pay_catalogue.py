"""What the pay seed sets up once before it writes anyone's pay: the demo locations'
rules regions, a pay group per city, the pay components, and the legal values the
seeded amounts are drawn from.

Every seeded employee is paid in the city of their work location: social insurance
and the housing fund follow the city's policy (`social_insurance.policy`, one row per
region), so a location needs a region with a policy. The demo's three locations are
made without one (hrflow.org.demo); the seed gives each its city's region where none
is set, and pays nobody whose location has a region without a policy.

The amounts here (salary bands, allowances) are a made-up company's own, not law;
the legal numbers they meet (insurance floors, the deductions an employee may declare,
the low-income threshold) are read from the legal rules in force on the seed's day.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from employees.models import LegalRule, PayComponent, PayGroup, Position
from employees.pay import legal_tax
from employees.pay.legal_social_insurance import POLICY
from employees.selectors.rules import legal_value
from hrflow.org.models import Location

Calculation = PayComponent.Calculation
Kind = PayComponent.Kind
RATE_PLACES = Decimal("0.0001")

# The demo locations' cities, by location code, and the same by city name for a
# location HR made in one of these cities without setting its region.
REGION_BY_LOCATION = {"sh-hq": "shanghai", "sz-plant": "shenzhen", "bj-office": "beijing"}
REGION_BY_CITY = {
    "上海": "shanghai",
    "shanghai": "shanghai",
    "北京": "beijing",
    "beijing": "beijing",
    "深圳": "shenzhen",
    "shenzhen": "shenzhen",
}


@dataclass(frozen=True)
class GroupPlan:
    region: str
    name_zh: str
    name_en: str
    # Attendance closes on this day (31: the month's end); the plant closes on the 25th
    # so its run can be checked before pay day early next month.
    cut_off_day: int
    pay_day: int
    # The work-injury rate is set by the industry: offices pay the policy's lowest,
    # the plant a manufacturing rate in the middle of the city's range.
    industry: str


PAY_GROUPS = (
    GroupPlan("shanghai", "上海月薪", "Shanghai monthly payroll", 31, 10, "office"),
    GroupPlan("beijing", "北京月薪", "Beijing monthly payroll", 31, 10, "office"),
    GroupPlan("shenzhen", "深圳工厂月薪", "Shenzhen plant monthly payroll", 25, 5, "plant"),
)


@dataclass(frozen=True)
class ComponentPlan:
    code: str
    name_zh: str
    name_en: str
    kind: str
    calculation: str
    before_tax: bool = True
    formula: str = ""


# In payslip order. The full-attendance bonus is the plant's (those with a shift
# allowance), lost with any unpaid leave or absence in the month.
COMPONENTS = (
    ComponentPlan("transport", "交通补贴", "Transport allowance", Kind.EARNING, Calculation.FIXED),
    ComponentPlan("phone", "通讯补贴", "Phone allowance", Kind.EARNING, Calculation.FIXED),
    ComponentPlan("meal", "餐补", "Meal allowance", Kind.EARNING, Calculation.PER_DAY_WORKED),
    ComponentPlan("shift", "倒班津贴", "Shift allowance", Kind.EARNING, Calculation.PER_DAY_WORKED),
    ComponentPlan(
        "full_attendance",
        "全勤奖",
        "Full-attendance bonus",
        Kind.EARNING,
        Calculation.FORMULA,
        formula="if(shift > 0 and unpaid_leave_days + absent_days == 0, 200, 0)",
    ),
    # Union dues come out of net pay: not deductible from taxable income.
    ComponentPlan(
        "union_dues", "工会会费", "Union dues", Kind.DEDUCTION, Calculation.FIXED, before_tax=False
    ),
)


@dataclass(frozen=True)
class PaySetup:
    """What pay_plan needs to draw an employee's pay, read once."""

    today: date
    english: bool
    group_by_region: dict[str, int]
    region_by_location: dict[int, str]
    # Position id -> (grade, job family).
    positions: dict[int, tuple[str, str]]
    component_ids: dict[str, int]
    special_deductions: dict[str, Any]
    low_income_threshold: Decimal | None
    # The last day an annual bonus paid in the seed's January may be taxed on its own.
    bonus_separate_until: str | None


def pay_setup_ensure(*, today: date, english: bool) -> PaySetup:
    """Regions for the demo locations, the pay groups and components (those missing
    are made; HR's own are left as they are), and the rule values the seed uses."""
    policies = set(
        LegalRule.objects.filter(code=POLICY, effective_from__lte=today)
        .exclude(region="")
        .values_list("region", flat=True)
    )
    threshold = _rule_or_none(legal_tax.LOW_INCOME_PRIOR_YEAR_THRESHOLD, today)
    return PaySetup(
        today=today,
        english=english,
        group_by_region=_groups_ensure(policies, today, english),
        region_by_location=_location_regions_ensure(),
        positions={
            pk: (grade, family)
            for pk, grade, family in Position.objects.values_list("pk", "grade", "job_family")
        },
        component_ids=_components_ensure(english),
        special_deductions=legal_value(legal_tax.SPECIAL_ADDITIONAL_DEDUCTIONS, on=today),
        low_income_threshold=None if threshold is None else Decimal(threshold),
        bonus_separate_until=_rule_or_none(legal_tax.BONUS_SEPARATE_UNTIL, date(today.year, 1, 31)),
    )


def _location_regions_ensure() -> dict[int, str]:
    # The seed bypasses location_update as it bypasses every service: no audit row
    # for a change no one made.
    for location in Location.objects.filter(region=""):
        region = REGION_BY_LOCATION.get(location.code) or REGION_BY_CITY.get(
            location.city.strip().lower()
        )
        if region:
            Location.objects.filter(pk=location.pk).update(region=region)
    return dict(Location.objects.values_list("pk", "region"))


def _groups_ensure(policies: set[str], today: date, english: bool) -> dict[str, int]:
    found: dict[str, int] = {}
    for plan in PAY_GROUPS:
        if plan.region not in policies:
            continue
        policy = legal_value(POLICY, on=today, region=plan.region)["insurances"]
        low, high = (Decimal(rate) for rate in policy["work_injury"]["employer_rate_range"])
        injury = low if plan.industry == "office" else ((low + high) / 2)
        group, _created = PayGroup.objects.get_or_create(
            name=plan.name_en if english else plan.name_zh,
            defaults={
                "cut_off_day": plan.cut_off_day,
                "pay_day": plan.pay_day,
                "work_injury_rate": injury.quantize(RATE_PLACES, ROUND_HALF_UP),
                "housing_fund_rate": Decimal(policy["housing_fund"]["default_rate"]),
            },
        )
        found[plan.region] = group.pk
    return found


def _components_ensure(english: bool) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, plan in enumerate(COMPONENTS, start=1):
        component, _created = PayComponent.objects.get_or_create(
            code=plan.code,
            defaults={
                "name": plan.name_en if english else plan.name_zh,
                "kind": plan.kind,
                "calculation": plan.calculation,
                "formula": plan.formula,
                "taxable": plan.before_tax,
                "position": position * 10,
            },
        )
        found[plan.code] = component.pk
    return found


def _rule_or_none(code: str, on: date) -> Any:
    """The rule's value on the day, or None where it was not yet in force (an old seed day)."""
    if not LegalRule.objects.filter(code=code, region="", effective_from__lte=on).exists():
        return None
    return legal_value(code, on=on)
