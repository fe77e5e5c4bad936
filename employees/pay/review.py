"""What to look at before approving a run: how it differs from the group's previous
locked run, per employee and per payslip line, and the payslips that look wrong.

A payroll officer approves thousands of payslips at once; the review puts the few that
need a look on top. Flags are hints, not refusals: a large change may be a raise, a
bonus or a band change of the cumulative tax, and the officer decides.

The thresholds are company policy (how large a change is worth a look), not law, so
they are arguments with defaults. The minimum wage is law: it is read from the dated
rule `pay.minimum_wage` of the payslip's rules region, and where a region has none the
check is skipped and the review says so.

Reads a fixed number of queries whatever the number of employees.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from employees.models import LegalRule, PayItem, PayrollRun, Payslip, PayslipLine
from employees.pay.income_tax import rule_decimal
from employees.pay.legal_minimum_wage import MINIMUM_WAGE
from employees.pay.money import cents
from employees.pay.payslip_rows import LineRow, PayslipRow, payslip_rows, summary_label
from employees.pay.periods import month_last

ZERO = Decimal(0)
# Lines the minimum wage does not count (最低工资规定 art. 12: overtime pay is excluded).
NOT_MINIMUM_WAGE_CODES = frozenset({"overtime"})


@dataclass(frozen=True)
class Thresholds:
    """When a payslip is worth a look. Net pay: a change larger than both the share of
    last month's and the floor (so a 20 % change of a 300-yuan intern wage stays quiet).
    Income tax: an increase larger than both the share and the floor."""

    net_change_share: Decimal = Decimal("0.20")
    net_change_floor: Decimal = Decimal("500.00")
    tax_jump_share: Decimal = Decimal("0.50")
    tax_jump_floor: Decimal = Decimal("500.00")


class Flag(models.TextChoices):
    NET_CHANGED = "net_changed", gettext_lazy("Net pay changed a lot")
    NET_NOT_POSITIVE = "net_not_positive", gettext_lazy("Net pay is zero or negative")
    TAX_JUMPED = "tax_jumped", gettext_lazy("Income tax jumped")
    NEW = "new", gettext_lazy("New in this run")
    LEAVER = "leaver", gettext_lazy("Leaves this month")
    MISSING = "missing", gettext_lazy("Paid last month, missing now")
    BELOW_MINIMUM_WAGE = "below_minimum_wage", gettext_lazy("Below the minimum wage")


@dataclass(frozen=True)
class Change:
    """A figure this month against the previous run's (None: not on that payslip)."""

    current: Decimal | None
    previous: Decimal | None

    @property
    def delta(self) -> Decimal:
        return (self.current or ZERO) - (self.previous or ZERO)

    @property
    def share(self) -> Decimal | None:
        """The change as a share of last month's figure; None without one."""
        if not self.previous:
            return None
        return self.delta / abs(self.previous)


@dataclass(frozen=True)
class Reason:
    flag: str  # Flag
    message: str


@dataclass
class EmployeeDiff:
    employee_id: int
    employee_number: str
    employee_name: str
    department_id: int | None
    gross: Change
    net: Change
    tax: Change
    insurance: Change  # social insurance and housing fund, the employee's part
    joiner: bool  # hired within the month
    leaver: bool  # leaves within the month
    new: bool  # on this run, not on the previous one
    missing: bool  # on the previous run, not on this one
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class LineDiff:
    """One payslip line code summed over the run, against the previous run."""

    category: str  # PayslipLine.Category
    code: str
    label: str
    amount: Change
    employees: int  # payslips carrying the line this month
    employees_before: int


@dataclass(frozen=True)
class Totals:
    headcount: int
    headcount_before: int | None
    gross: Change
    net: Change
    tax: Change
    insurance: Change
    employer: Change  # employer social insurance and housing fund


@dataclass
class RunReview:
    run: PayrollRun
    previous: PayrollRun | None
    employees: list[EmployeeDiff]
    lines: list[LineDiff]
    totals: Totals
    notes: list[str]

    @property
    def outliers(self) -> list[EmployeeDiff]:
        return [row for row in self.employees if row.reasons]


def previous_locked_run(run: PayrollRun) -> PayrollRun | None:
    return (
        PayrollRun.objects.filter(
            pay_group_id=run.pay_group_id,
            month__lt=run.month,
            status=PayrollRun.Status.LOCKED,
        )
        .order_by("-month")
        .first()
    )


def run_review(run: PayrollRun, *, thresholds: Thresholds | None = None) -> RunReview:
    """The run against the group's previous locked run, with its outliers flagged."""
    thresholds = thresholds or Thresholds()
    previous = previous_locked_run(run)
    run_ids = [run.pk] + ([previous.pk] if previous else [])
    rows = payslip_rows(Q(run_id__in=run_ids))
    current = {row.employee_id: row for row in rows if row.run_id == run.pk}
    before = {row.employee_id: row for row in rows if row.run_id != run.pk}
    paid_elsewhere = _paid_by_another_group(run, set(before) - set(current))
    minimum_wages = _minimum_wages(run, {row.region for row in current.values()})
    notes = [
        _(
            "No minimum wage rule (%(code)s) for the region “%(region)s”: its payslips were "
            "not checked against the minimum wage."
        )
        % {"code": MINIMUM_WAGE, "region": region or _("national")}
        for region in sorted({row.region for row in current.values()} - set(minimum_wages))
    ]
    if previous is None:
        notes.append(_("No earlier locked run of this pay group to compare with."))
    employees = []
    for employee_id in sorted(
        set(current) | set(before),
        key=lambda pk: (current.get(pk) or before[pk]).employee_number,
    ):
        this, last = current.get(employee_id), before.get(employee_id)
        if this is None and not _missing(run, last, paid_elsewhere):
            continue
        diff = _employee_diff(run, this, last, has_previous=previous is not None)
        diff.reasons = _reasons(diff, this, last, thresholds, minimum_wages, previous=previous)
        employees.append(diff)
    return RunReview(
        run=run,
        previous=previous,
        employees=employees,
        lines=_line_diffs(list(current.values()), list(before.values())),
        totals=_totals(list(current.values()), list(before.values())),
        notes=notes,
    )


def _missing(run: PayrollRun, last: PayslipRow | None, paid_elsewhere: set[int]) -> bool:
    """Paid last month, not this month by this group or another, and not gone before
    the month began."""
    if last is None or last.employee_id in paid_elsewhere:
        return False
    return last.left_on is None or last.left_on >= run.month


def _paid_by_another_group(run: PayrollRun, employee_ids: set[int]) -> set[int]:
    """Of those paid last month and not by this run, the ones another group pays this
    month (moved between groups): not missing."""
    if not employee_ids:
        return set()
    return set(
        Payslip.objects.filter(employee_id__in=employee_ids, run__month=run.month)
        .exclude(run_id=run.pk)
        .values_list("employee_id", flat=True)
    )


def _change(this: PayslipRow | None, last: PayslipRow | None, figure: str) -> Change:
    return Change(
        getattr(this, figure) if this else None,
        getattr(last, figure) if last else None,
    )


def _employee_diff(
    run: PayrollRun, this: PayslipRow | None, last: PayslipRow | None, *, has_previous: bool
) -> EmployeeDiff:
    row = this or last
    assert row is not None
    month_end = month_last(run.month)
    return EmployeeDiff(
        employee_id=row.employee_id,
        employee_number=row.employee_number,
        employee_name=row.employee_name,
        department_id=row.department_id,
        gross=_change(this, last, "gross"),
        net=_change(this, last, "net"),
        tax=_change(this, last, "income_tax"),
        insurance=Change(
            this.contributions_employee if this else None,
            last.contributions_employee if last else None,
        ),
        joiner=run.month <= row.hire_date <= month_end,
        leaver=row.left_on is not None and run.month <= row.left_on <= month_end,
        new=this is not None and last is None and has_previous,
        missing=this is None,
    )


def _reasons(
    diff: EmployeeDiff,
    this: PayslipRow | None,
    last: PayslipRow | None,
    thresholds: Thresholds,
    minimum_wages: dict[str, dict[str, object]],
    *,
    previous: PayrollRun | None,
) -> list[Reason]:
    reasons: list[Reason] = []
    if this is None:
        assert previous is not None
        reasons.append(
            Reason(
                Flag.MISSING,
                _("Paid in %(month)s, not in this run, and has not left.")
                % {"month": f"{previous.month:%Y-%m}"},
            )
        )
        return reasons
    if diff.joiner:
        reasons.append(
            Reason(Flag.NEW, _("Joined on %(day)s.") % {"day": this.hire_date.isoformat()})
        )
    elif diff.new:
        assert previous is not None
        reasons.append(
            Reason(
                Flag.NEW,
                _("Not paid by this group in %(month)s.") % {"month": f"{previous.month:%Y-%m}"},
            )
        )
    if diff.leaver:
        assert this.left_on is not None
        reasons.append(
            Reason(Flag.LEAVER, _("Last day %(day)s.") % {"day": this.left_on.isoformat()})
        )
    if this.net <= ZERO:
        reasons.append(Reason(Flag.NET_NOT_POSITIVE, _("Net pay %(net)s.") % {"net": this.net}))
    if last is not None:
        reasons.extend(_change_reasons(diff, last, thresholds))
    below = _below_minimum_wage(this, minimum_wages.get(this.region))
    if below is not None:
        reasons.append(below)
    return reasons


def _exceeds(delta: Decimal, base: Decimal, share: Decimal, floor: Decimal) -> bool:
    return abs(delta) > floor and abs(delta) > abs(base) * share


def _change_reasons(diff: EmployeeDiff, last: PayslipRow, thresholds: Thresholds) -> list[Reason]:
    reasons = []
    net = diff.net
    if _exceeds(net.delta, last.net, thresholds.net_change_share, thresholds.net_change_floor):
        reasons.append(
            Reason(
                Flag.NET_CHANGED,
                _("Net pay %(before)s → %(now)s (%(delta)s).")
                % {"before": net.previous, "now": net.current, "delta": _signed(net.delta)},
            )
        )
    tax = diff.tax
    if tax.delta > ZERO and _exceeds(
        tax.delta, last.income_tax, thresholds.tax_jump_share, thresholds.tax_jump_floor
    ):
        reasons.append(
            Reason(
                Flag.TAX_JUMPED,
                _("Income tax %(before)s → %(now)s (%(delta)s).")
                % {"before": tax.previous, "now": tax.current, "delta": _signed(tax.delta)},
            )
        )
    return reasons


def _signed(amount: Decimal) -> str:
    return f"+{amount}" if amount > ZERO else str(amount)


def _minimum_wages(run: PayrollRun, regions: set[str]) -> dict[str, dict[str, object]]:
    """Each region's `pay.minimum_wage` value in force at the month's end (the region's
    own row, else the country's), from one query; a region without one is left out."""
    rows = LegalRule.objects.filter(
        code=MINIMUM_WAGE,
        region__in=regions | {""},
        effective_from__lte=month_last(run.month),
    ).order_by("-effective_from")
    newest: dict[str, dict[str, object]] = {}
    for rule in rows:
        newest.setdefault(rule.region, rule.value)
    return {
        region: newest[region] if region in newest else newest[""]
        for region in regions
        if region in newest or "" in newest
    }


def _below_minimum_wage(row: PayslipRow, rule: dict[str, object] | None) -> Reason | None:
    """The month's pay for normal hours against the minimum wage, pro-rated by the days
    paid of the month's working days (a joiner, unpaid leave).

    The rule's value: {"monthly": "2540.00", "after_employee_contributions": true}; the
    second says the city compares the wage after the employee's social insurance and
    housing fund (Beijing and Shanghai do)."""
    if rule is None:
        return None
    base = row.line("base")
    workdays = Decimal(str(base.explanation.get("inputs", {}).get("workdays", 0))) if base else ZERO
    if not workdays:
        return None
    wage = sum(
        (line.amount for line in row.lines if _counts_for_minimum_wage(line)),
        ZERO,
    )
    if rule.get("after_employee_contributions"):
        wage -= row.contributions_employee
    minimum = cents(rule_decimal(rule["monthly"]) * min(row.days_paid / workdays, Decimal(1)))
    if wage >= minimum:
        return None
    return Reason(
        Flag.BELOW_MINIMUM_WAGE,
        _("Pay for normal hours %(wage)s is below the minimum wage %(minimum)s.")
        % {"wage": wage, "minimum": minimum},
    )


def _counts_for_minimum_wage(line: LineRow) -> bool:
    """The month's wage for normal hours: earnings and the deductions for time not
    worked, without overtime pay or one-off items (a bonus does not make up a wage
    below the minimum)."""
    if line.code in NOT_MINIMUM_WAGE_CODES or line.code in PayItem.Kind.values:
        return False
    return line.category in (PayslipLine.Category.EARNING, PayslipLine.Category.DEDUCTION)


def _line_diffs(current: list[PayslipRow], before: list[PayslipRow]) -> list[LineDiff]:
    sums: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    labels: dict[tuple[str, str], str] = {}
    for side, rows in enumerate((current, before)):
        for row in rows:
            for line in row.lines:
                key = (line.category, line.code)
                sums[key][side] += line.amount
                counts[key][side] += 1
                labels.setdefault(key, summary_label(line.category, line.code, line.label))
    order = {category: index for index, category in enumerate(PayslipLine.Category.values)}
    return [
        LineDiff(
            category=category,
            code=code,
            label=labels[(category, code)],
            amount=Change(
                sums[(category, code)][0] if counts[(category, code)][0] else None,
                sums[(category, code)][1] if counts[(category, code)][1] else None,
            ),
            employees=counts[(category, code)][0],
            employees_before=counts[(category, code)][1],
        )
        for category, code in sorted(sums, key=lambda key: (order.get(key[0], 99), key[1]))
    ]


def _total(rows: list[PayslipRow], figure: str) -> Decimal:
    return sum((getattr(row, figure) for row in rows), ZERO)


def _totals(current: list[PayslipRow], before: list[PayslipRow]) -> Totals:
    def both(figure: str) -> Change:
        return Change(_total(current, figure), _total(before, figure) if before else None)

    return Totals(
        headcount=len(current),
        headcount_before=len(before) if before else None,
        gross=both("gross"),
        net=both("net"),
        tax=both("income_tax"),
        insurance=both("contributions_employee"),
        employer=both("contributions_employer"),
    )
