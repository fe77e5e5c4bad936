"""Who may open the payroll run pages, the employee's payslips and the payroll API (see
tests/test_url_authorization.py). Which run or payslip each role sees is tested in
tests/employees/pay/ (test_run_pages.py, test_payslip_pages.py, test_payroll_api.py)."""

from hrflow.accounts.roles import Role

PAYROLL = {Role.HR_ADMIN, Role.PAYROLL}

PUBLIC: set[str] = set()
# Pages without an object id: payroll officers and HR admins only (others: 404).
ROLE_ONLY: dict[str, set[Role]] = {"employees:payroll-runs": PAYROLL}
# Pages about one run or payslip (each id through the scope), and the employee's own
# payslips (404 for an account with no employee record).
SIGNED_IN: set[str] = {
    "employees:payroll-run-compute",
    "employees:payroll-run",
    "employees:payroll-run-recompute",
    "employees:payroll-run-approve",
    "employees:payroll-run-verify",
    "employees:payroll-payslip",
    "employees:my-payslips",
    "employees:my-payslip",
    "employees:my-payslip-acknowledge",
}
API: set[str] = {
    "api:payroll-run-list",
    "api:payroll-run-detail",
    "api:payroll-run-approve",
    "api:payroll-run-payslip-list",
    "api:payslip-detail",
    "api:my-payslip-list",
    "api:my-payslip-detail",
    "api:my-payslip-acknowledge",
}
