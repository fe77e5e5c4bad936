"""Who may open the KPI data pages and endpoints (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

EVERYONE = set(Role)

PUBLIC: set[str] = set()
# One metric: HR admins only (tests/employees/metrics/test_pages.py).
SIGNED_IN: set[str] = {"employees:metric-edit"}
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:metric-list": {Role.HR_ADMIN},
    "employees:metric-create": {Role.HR_ADMIN},
    "employees:metric-import": {Role.HR_ADMIN},
    "employees:metric-import-template": {Role.HR_ADMIN},
    "employees:metric-value-enter": {Role.HR_ADMIN},
    # Scoped rows: HR all, a manager their reports', everyone their own (or none).
    "employees:metric-value-list": EVERYONE,
}
# Reads scoped for every signed-in caller, writes for HR admins
# (tests/employees/metrics/test_api.py).
API: set[str] = {"api:metric-list", "api:metric-value-list"}
