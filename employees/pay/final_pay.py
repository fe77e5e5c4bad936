"""Final pay when an employee leaves (China): the one place the leaving flow imports.

Severance (`severance`), unused statutory annual leave (`unused_leave`) and the last
month's salary to the last day (`proration`) are pure calculations over the legal rule
rows of `legal_final_pay` and `pay.wage_divisors`; the caller reads the rows in force on
the last day for the employee's region and passes their values in.
"""

from employees.pay.proration import (
    CALENDAR_DAYS,
    DAYS_ABSENT,
    DAYS_WORKED,
    PRORATION_METHODS,
    prorated_month_pay,
)
from employees.pay.severance import (
    ServiceLength,
    Severance,
    service_length,
    severance_due,
    severance_pay,
)
from employees.pay.unused_leave import (
    LeavePay,
    annual_leave_due_on_leaving,
    payable_multiple,
    unused_leave_pay,
)

__all__ = [
    "CALENDAR_DAYS",
    "DAYS_ABSENT",
    "DAYS_WORKED",
    "PRORATION_METHODS",
    "LeavePay",
    "ServiceLength",
    "Severance",
    "annual_leave_due_on_leaving",
    "payable_multiple",
    "prorated_month_pay",
    "service_length",
    "severance_due",
    "severance_pay",
    "unused_leave_pay",
]
