"""Who may open the pay pages and call the pay API (see tests/test_url_authorization.py).
Which role gets which answer, page by page and endpoint by endpoint, is tested in
tests/employees/pay (test_salary_pages, test_components_pages, test_pay_api)."""

from hrflow.accounts.roles import Role

PAY = {Role.HR_ADMIN, Role.PAYROLL}

PUBLIC: set[str] = set()
# Pages without an object id: payroll officers and HR admins; everyone else 404.
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:pay-salaries": PAY,
    "employees:pay-groups": PAY,
    "employees:pay-group-create": PAY,
    "employees:pay-components": PAY,
    "employees:pay-component-create": PAY,
}
# One object's pages: signed-in only here; the page tests cover every role on them.
SIGNED_IN: set[str] = {
    "employees:pay-group-edit",
    "employees:pay-component-edit",
    "employees:employee-pay",
    "employees:employee-pay-change",
}
API: set[str] = {
    "api:pay-group-list",
    "api:pay-component-list",
    "api:pay-component-detail",
    "api:employee-salary-records",
    "api:salary-record-detail",
}
