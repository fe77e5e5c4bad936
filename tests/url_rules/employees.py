"""Who may open the employees pages (see tests/test_url_authorization.py).

Each is also checked object by object in tests/employees/records/ and
tests/employees/selfservice/.
"""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
# The list: HR admins, and line managers (a fact of the job record, not a role, so the
# matrix in tests/employees/records/test_pages.py checks them).
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:employee-list": {Role.HR_ADMIN},
    "employees:employee-create": {Role.HR_ADMIN},
}
# One employee's pages, and self-service (whose employee is always the signed-in one).
SIGNED_IN: set[str] = {
    "employees:employee-detail",
    "employees:employee-change",
    "employees:employee-note",
    "employees:employee-edit",
    "employees:employee-leave",  # HR only: tests/employees/records/test_leaving.py
    "employees:employee-reveal",
    "employees:employee-document",
    "employees:me",
    "employees:me-contacts",
    "employees:me-emergency",
    "employees:me-health-consent",
}
API: set[str] = set()
