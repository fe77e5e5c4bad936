"""Who may open the leaving pages (see tests/test_url_authorization.py).

Each is also checked object by object in tests/employees/pay/test_leaving_pages.py:
final pay for HR admins and payroll officers, the certificate for HR admins, a checklist
for HR admins and those who own one of its tasks.
"""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:leavers": {Role.HR_ADMIN, Role.PAYROLL},
    "employees:offboarding-template": {Role.HR_ADMIN},
}
# Object pages (a leaver's number or a task's id) and everyone's own task list.
SIGNED_IN: set[str] = {
    "employees:offboarding-my-tasks",
    "employees:offboarding-task-done",
    "employees:offboarding-template-task",
    "employees:offboarding-template-task-delete",
    "employees:employee-final-pay",
    "employees:employee-offboarding",
    "employees:employee-exit-certificate",
}
API: set[str] = set()
