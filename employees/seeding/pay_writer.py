"""Write the pay seed with COPY: salary records and their components, the declared
special additional deductions, this tax year's flags, and the one-off pay items."""

from collections.abc import Iterator
from datetime import datetime

from employees.models import PayItem, SalaryItem, SalaryRecord, TaxDeduction, TaxYear
from employees.seeding.pay_catalogue import PaySetup
from employees.seeding.pay_drafts import EmployeePay
from hrflow.core.pgcopy import ids_reserve, line, lines_copy

RECORD_FIELDS = [
    "id", "created_at", "updated_at", "employee", "valid_from", "valid_to", "pay_group",
    "base_monthly", "insurance_base", "local_hukou", "tax_resident", "reason", "recorded_by",
]  # fmt: skip
ITEM_FIELDS = ["record", "component", "amount"]
DEDUCTION_FIELDS = [
    "created_at", "updated_at", "employee", "item", "monthly_amount", "details", "valid_from",
    "valid_to", "declared_by",
]  # fmt: skip
TAX_YEAR_FIELDS = [
    "created_at", "updated_at", "employee", "year", "first_job_this_year",
    "prior_year_low_income",
]  # fmt: skip
PAY_ITEM_FIELDS = [
    "created_at", "updated_at", "employee", "month", "kind", "amount", "taxable", "bonus_tax",
    "note", "corrects", "created_by",
]  # fmt: skip


def pay_write(
    planned: list[EmployeePay], ids: list[int], setup: PaySetup, now: datetime
) -> dict[str, int]:
    """`ids` are the employees' keys by their index in the plan."""
    record_ids = iter(ids_reserve(SalaryRecord, sum(len(pay.records) for pay in planned)))
    keyed = [(pay, [next(record_ids) for _ in pay.records]) for pay in planned]
    return {
        "salary records": lines_copy(
            SalaryRecord, RECORD_FIELDS, _record_lines(keyed, ids, setup, now)
        ),
        "salary components": lines_copy(SalaryItem, ITEM_FIELDS, _item_lines(keyed, setup)),
        "tax deductions": lines_copy(
            TaxDeduction, DEDUCTION_FIELDS, _deduction_lines(planned, ids, now)
        ),
        "tax years": lines_copy(
            TaxYear, TAX_YEAR_FIELDS, _tax_year_lines(planned, ids, setup, now)
        ),
        "pay items": lines_copy(PayItem, PAY_ITEM_FIELDS, _one_off_lines(planned, ids, now)),
    }


def _record_lines(
    keyed: list[tuple[EmployeePay, list[int]]], ids: list[int], setup: PaySetup, now: datetime
) -> Iterator[str]:
    groups = setup.group_by_region
    for pay, record_ids in keyed:
        employee = ids[pay.index]
        for pk, r in zip(record_ids, pay.records, strict=True):
            yield line(
                pk, now, now, employee, r.valid_from, r.valid_to, groups[r.region], r.base,
                r.insurance_base, pay.local_hukou, True, r.reason, None,
            )  # fmt: skip


def _item_lines(keyed: list[tuple[EmployeePay, list[int]]], setup: PaySetup) -> Iterator[str]:
    components = setup.component_ids
    for pay, record_ids in keyed:
        for pk, record in zip(record_ids, pay.records, strict=True):
            for code, amount in pay.allowances.items():
                yield line(pk, components[code], amount)
            if pay.union_member:
                yield line(pk, components["union_dues"], pay.union_dues(record))


def _deduction_lines(planned: list[EmployeePay], ids: list[int], now: datetime) -> Iterator[str]:
    for pay in planned:
        for d in pay.declared.deductions:
            yield line(
                now, now, ids[pay.index], d.item, d.monthly, d.details, d.valid_from, None, None
            )


def _tax_year_lines(
    planned: list[EmployeePay], ids: list[int], setup: PaySetup, now: datetime
) -> Iterator[str]:
    for pay in planned:
        flags = pay.declared
        if flags.first_job_this_year or flags.prior_year_low_income:
            yield line(
                now, now, ids[pay.index], setup.today.year, flags.first_job_this_year,
                flags.prior_year_low_income,
            )  # fmt: skip


def _one_off_lines(planned: list[EmployeePay], ids: list[int], now: datetime) -> Iterator[str]:
    for pay in planned:
        for item in pay.one_offs:
            yield line(
                now, now, ids[pay.index], item.month, item.kind, item.amount, item.taxable,
                item.bonus_tax, item.note, None, None,
            )  # fmt: skip
