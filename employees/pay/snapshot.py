"""A run's inputs as stored with it: compressed JSON, exact (amounts as decimal strings),
and a digest of them. Recomputing a locked run reads them back, so later changes to a
salary, a leave request or a legal rule cannot change a month already paid."""

import hashlib
import json
import zlib
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from employees.pay.inputs import EmployeeMonth, OneOff, SalarySpan


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(_plain(key)): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces: the same inputs always give the same bytes (and digest)."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":")).encode()


def digest_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def inputs_dump(months: list[EmployeeMonth], rules: list[dict[str, Any]]) -> tuple[bytes, str]:
    """The inputs compressed for storing, and their digest."""
    plain = canonical_json({"employees": [asdict(m) for m in months], "rules": rules})
    return zlib.compress(plain, 6), hashlib.sha256(plain).hexdigest()


def inputs_load(stored: bytes) -> tuple[list[EmployeeMonth], list[dict[str, Any]]]:
    data = json.loads(zlib.decompress(stored))
    return [_month(row) for row in data["employees"]], data["rules"]


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _money(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _month(row: dict[str, Any]) -> EmployeeMonth:
    return EmployeeMonth(
        employee_id=row["employee_id"],
        hire_date=date.fromisoformat(row["hire_date"]),
        left_on=_day(row["left_on"]),
        department_id=row["department_id"],
        region=row["region"],
        spans=[
            SalarySpan(
                start=date.fromisoformat(span["start"]),
                end=date.fromisoformat(span["end"]),
                base_monthly=Decimal(span["base_monthly"]),
                insurance_base=_money(span["insurance_base"]),
                local_hukou=span["local_hukou"],
                tax_resident=span["tax_resident"],
                amounts={code: Decimal(amount) for code, amount in span["amounts"].items()},
                workdays=span["workdays"],
            )
            for span in row["spans"]
        ],
        workdays_in_month=row["workdays_in_month"],
        workdays_employed=row["workdays_employed"],
        unpaid_leave_minutes=row["unpaid_leave_minutes"],
        absent_minutes=row["absent_minutes"],
        overtime_minutes={
            Decimal(rate): minutes for rate, minutes in row["overtime_minutes"].items()
        },
        one_offs=[
            OneOff(
                pk=item["pk"],
                kind=item["kind"],
                amount=Decimal(item["amount"]),
                taxable=item["taxable"],
                bonus_tax=item["bonus_tax"],
                note=item["note"],
            )
            for item in row["one_offs"]
        ],
        special_deductions_ytd=Decimal(row["special_deductions_ytd"]),
        first_job_this_year=row["first_job_this_year"],
        prior_year_low_income=row["prior_year_low_income"],
        prior_year_months=row["prior_year_months"],
        prior_year_income=Decimal(row["prior_year_income"]),
        ytd=dict(row["ytd"]),
    )
