"""Who may open the labour contract, probation and legal rule pages
(see tests/test_url_authorization.py).

Line managers open the contract and probation lists whatever their role (they
are found by the org, not by a role): tests/employees/contracts/test_pages.py
checks them, and who sees which row.
"""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
API: set[str] = set()
# Pages without an object id: the roles that may open them at all (others: 404).
ROLE_ONLY: dict[str, set[Role]] = {
    "employees:contract-list": {Role.HR_ADMIN, Role.HIRING_MANAGER},
    "employees:contract-create": {Role.HR_ADMIN},
    "employees:contract-unwritten": {Role.HR_ADMIN},
    "employees:probation-list": {Role.HR_ADMIN, Role.HIRING_MANAGER},
    "employees:legal-rule-list": {Role.HR_ADMIN},
    "employees:legal-rule-create": {Role.HR_ADMIN},
}
# Pages about one object: signed-in only here; the page tests cover who sees which.
SIGNED_IN: set[str] = {
    "employees:contract-detail",
    "employees:contract-sign",
    "employees:contract-renew",
    "employees:contract-end",
    "employees:probation-decide",
}
