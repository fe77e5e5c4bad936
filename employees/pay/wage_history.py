"""An employee's average monthly wage over the months before a day, from the locked
payslips: what severance (Labour Contract Law art. 47 para. 3, implementing regulations
art. 27) and unused annual leave pay (实施办法 art. 11) are measured by.

A locked payslip is final, so the average never moves once a month is approved. The
months counted are those whose payslips exist: an employee here for fewer months than
the window is averaged over the months employed ("不满12个月的，按照实际工作的月数计算").
Two queries, whatever the window.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Sum

from employees.models import PayrollRun, Payslip, PayslipLine
from employees.pay.periods import month_first

ZERO = Decimal(0)
OVERTIME_CODE = "overtime"  # the payslip line earnings.py writes for overtime pay


@dataclass(frozen=True)
class WageHistory:
    months: int  # locked payslips found in the window
    first_month: date | None
    gross: Decimal  # their gross pay together
    overtime: Decimal  # their overtime pay together

    @property
    def average(self) -> Decimal:
        """Every wage counted: time wages, bonuses, allowances, overtime (art. 27)."""
        return self.gross / self.months if self.months else ZERO

    @property
    def average_without_overtime(self) -> Decimal:
        """The monthly wage of unused leave pay: overtime pay taken out (实施办法 art. 11)."""
        return (self.gross - self.overtime) / self.months if self.months else ZERO


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def wage_history(employee_id: int, *, before: date, months: int) -> WageHistory:
    """The locked payslips of the `months` calendar months before the month of `before`
    (that month itself is still being paid)."""
    end = month_first(before)
    start = add_months(end, -months)
    payslips = Payslip.objects.filter(
        employee_id=employee_id,
        run__status=PayrollRun.Status.LOCKED,
        run__month__gte=start,
        run__month__lt=end,
    )
    found = payslips.aggregate(count=Count("pk"), gross=Sum("gross"), first=Min("run__month"))
    overtime = PayslipLine.objects.filter(
        payslip__in=payslips.values("pk"), code=OVERTIME_CODE
    ).aggregate(total=Sum("amount"))["total"]
    return WageHistory(
        months=found["count"],
        first_month=found["first"],
        gross=found["gross"] or ZERO,
        overtime=overtime or ZERO,
    )
