"""Who may open the report pages (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
# One report, or the list behind a figure: each checks its own permission and scope
# (tests/analytics/facts/test_refresh.py, tests/analytics/reports/).
SIGNED_IN: set[str] = {
    "analytics:report",
    "analytics:drill-applications",
    "analytics:drill-employees",
}
ROLE_ONLY: dict[str, set[Role]] = {
    "analytics:index": {Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER},
}
API: set[str] = set()
