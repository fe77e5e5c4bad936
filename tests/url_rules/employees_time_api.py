"""Who may call the time API (leave, calendar, shifts, punches, daily results) and open
HR's attendance import page (see tests/test_url_authorization.py). Which rows each role
sees and changes is tested per role in tests/employees/api/test_time.py."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {"employees:attendance-import": {Role.HR_ADMIN}}
API: set[str] = {
    "api:leave-type-list",
    "api:leave-request-list",
    "api:leave-request-detail",
    "api:leave-request-approve",
    "api:leave-request-decline",
    "api:leave-request-cancel",
    "api:leave-balance-list",
    "api:holiday-list",
    "api:holiday-detail",
    "api:shift-list",
    "api:shift-detail",
    "api:shift-pattern-list",
    "api:shift-pattern-detail",
    "api:punch-list",
    "api:daily-result-list",
}
