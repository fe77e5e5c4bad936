"""The payroll part of the walker's world: a pay group with a Beijing employee, January
approved and locked, February in review (so compute again, approve and verify reach
their services), and the employee's payslips."""

from typing import Any

from employees.models import PayrollRun, Payslip, TaxDeduction
from employees.pay.declarations import tax_deduction_declare
from tests.employees.pay.run_pages_scene import (
    FEBRUARY,
    JANUARY,
    PayScene,
    computed,
    locked,
    pay_scene,
)


def pay_runs_part() -> dict[str, Any]:
    scene: PayScene = pay_scene()
    january: PayrollRun = locked(scene, JANUARY)
    february: PayrollRun = computed(scene, FEBRUARY)
    declaration = tax_deduction_declare(
        employee=scene.employee,
        item=TaxDeduction.Item.HOUSING_LOAN_INTEREST,
        details={},
        valid_from=JANUARY,
        actor=None,
    )
    return {
        "group": scene.group,
        "locked": january,
        "review": february,
        "payslip": Payslip.objects.get(run=january, employee=scene.employee),
        "declaration": declaration,
    }


def pay_runs_kwargs(part: dict[str, Any]) -> dict[str, Any]:
    """URL name -> the object its pk names."""
    review, payslip = part["review"], part["payslip"]
    return {
        "employees:payroll-run": review,
        "employees:payroll-run-recompute": review,
        "employees:payroll-run-approve": review,
        "employees:payroll-run-verify": review,
        "employees:payroll-payslip": payslip,
        "employees:my-payslip": payslip,
        "employees:my-payslip-acknowledge": payslip,
        "api:payroll-run-detail": review,
        "api:payroll-run-approve": review,
        "api:payroll-run-payslip-list": review,
        "api:payslip-detail": payslip,
        "api:my-payslip-detail": payslip,
        "api:my-payslip-acknowledge": payslip,
        "employees:payroll-run-review": review,
        "employees:payroll-run-reports": review,
        "employees:payroll-run-bank-file": part["locked"],
        "employees:me-tax-deduction-end": part["declaration"],
    }


def pay_review_kwargs(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """URL name -> its kwargs, for the URLs that name more than a pk."""
    return {
        "employees:payroll-run-report-file": {
            "pk": part["locked"].pk,
            "report": "tax",
            "kind": "xlsx",
        },
        "api:payroll-run-report": {"pk": part["locked"].pk, "report": "tax"},
    }


def pay_runs_forms(part: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Valid forms, so the walker reaches the services behind the first field."""
    return {
        "employees:payroll-run-compute": {"group": str(part["group"].pk), "month": "2026-02"},
        "employees:payroll-run-approve": {"confirm": "on"},
    }
