"""Who may open the structure pages: positions, org chart, my team, employee accounts
(see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

EVERYONE = set(Role)

PUBLIC: set[str] = set()
# Pages about one object: signed-in only here; their own tests cover who sees which.
SIGNED_IN: set[str] = {
    "employees:position-edit",
    "employees:org-chart-department",
    "employees:account-create",  # POST only (tests/employees/test_accounts_and_team.py)
}
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:position-list": {Role.HR_ADMIN},
    "employees:position-create": {Role.HR_ADMIN},
    # The org chart shows what a company directory shows: every role reads it.
    "employees:org-chart": EVERYONE,
    # A manager's direct reports; anyone else sees an empty team.
    "employees:my-team": EVERYONE,
}
API: set[str] = set()
