"""The pay part of the walker's world: a pay group, a component of each calculation and a
salary of the world's employee, so the pay pages and API reach their services."""

from datetime import date
from decimal import Decimal
from typing import Any

from employees.models import PayComponent
from employees.pay.salaries import salary_change
from employees.pay.setup import pay_component_save, pay_group_save


def pay_part(hr: Any, employee: Any) -> dict[str, Any]:
    group = pay_group_save(
        group=None, name="走查月薪", cut_off_day=25, pay_day=10, proration="working_days",
        work_injury_rate=Decimal("0.004"), housing_fund_rate=Decimal("0.07"),
        bank_file_columns=["bank_account", "amount"], actor=hr,
    )  # fmt: skip
    meal = pay_component_save(
        component=None, code="walk_meal", name="餐补", kind="earning",
        calculation=PayComponent.Calculation.FIXED, actor=hr,
    )  # fmt: skip
    pay_component_save(
        component=None, code="walk_bonus", name="Bonus", kind="earning",
        calculation=PayComponent.Calculation.FORMULA, formula="walk_meal * 2", actor=hr,
    )  # fmt: skip
    record = salary_change(
        employee=employee, valid_from=max(employee.hire_date, date(2026, 1, 1)), pay_group=group,
        base_monthly=Decimal("9000"), items={"walk_meal": Decimal("300")}, reason="walker",
        actor=hr,
    )  # fmt: skip
    return {"group": group, "component": meal, "record": record, "employee": employee}


def pay_kwargs(part: dict[str, Any]) -> dict[str, Any]:
    """URL name -> the object its pk names."""
    return {
        "employees:pay-group-edit": part["group"],
        "employees:pay-component-edit": part["component"],
        "api:pay-component-detail": part["component"],
        "api:employee-salary-records": part["employee"],
        "api:salary-record-detail": part["record"],
    }


def pay_forms(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid forms, so the walker reaches the services behind the first field."""
    return {
        "employees:employee-pay-change": {
            "valid_from": "2026-11-01",
            "pay_group": str(part["group"].pk),
            "base_monthly": "9500",
            "items.walk_meal": "300",
            "reason": "walker",
        },
        "employees:pay-component-create": {
            "code": "walk_new",
            "name": "New",
            "kind": "earning",
            "calculation": "formula",
            "formula": "walk_meal + 1",
            "position": "3",
        },
        "employees:pay-component-edit": {
            "code": "walk_meal",
            "name": "餐补",
            "kind": "earning",
            "calculation": "fixed",
            "position": "1",
            "active": "on",
        },
        "employees:pay-group-create": {
            "name": "走查二",
            "cut_off_day": "31",
            "pay_day": "5",
            "proration": "calendar_days",
            "work_injury_rate": "0.005",
            "housing_fund_rate": "0.1",
            "column_1": "bank_account",
            "column_2": "amount",
        },
        "employees:pay-group-edit": {
            "name": "走查月薪",
            "cut_off_day": "25",
            "pay_day": "10",
            "proration": "working_days",
            "work_injury_rate": "0.004",
            "housing_fund_rate": "0.07",
            "column_1": "bank_account",
            "column_2": "amount",
            "active": "on",
        },
    }
