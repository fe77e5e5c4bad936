"""Who may open a run's review, its reports, their files and the bank payment file, the
reports over the API, and the employee's own tax declarations (see
tests/test_url_authorization.py). What each shows is tested in tests/employees/pay/
(test_review_pages.py, test_payroll_report_api.py, test_declarations.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {}
# Pages about one run (its id through the scope), and the employee's own declarations
# (404 for an account with no employee record).
SIGNED_IN: set[str] = {
    "employees:payroll-run-review",
    "employees:payroll-run-reports",
    "employees:payroll-run-report-file",
    "employees:payroll-run-bank-file",
    "employees:me-tax-deductions",
    "employees:me-tax-deduction-end",
    "employees:me-first-job",
}
API: set[str] = {"api:payroll-run-report"}
