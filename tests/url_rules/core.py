"""Who may open the core URLs (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:language-switch",
}
SIGNED_IN = {
    "accounts:password-change",
    "web:dashboard",
    # One account, department or location: HR admins only (the pages' own tests).
    "accounts:staff-edit",
    "accounts:staff-invite-again",
    "org:department-edit",
    "org:location-edit",
    # One competency: HR admins only (tests/hrflow/competencies/test_pages.py).
    "competencies:competency-edit",
}
ROLE_ONLY = {
    "web:system-status": {Role.HR_ADMIN},
    "org:company-settings": {Role.HR_ADMIN},
    "accounts:staff-list": {Role.HR_ADMIN},
    "accounts:staff-invite": {Role.HR_ADMIN},
    "org:department-list": {Role.HR_ADMIN},
    "org:department-create": {Role.HR_ADMIN},
    "org:location-list": {Role.HR_ADMIN},
    "org:location-create": {Role.HR_ADMIN},
    "competencies:competency-list": {Role.HR_ADMIN},
    "competencies:competency-create": {Role.HR_ADMIN},
    "competencies:dimension-map": {Role.HR_ADMIN},
}
# Not for browsers: answered with JSON/401 instead of a sign-in redirect.
API: set[str] = set()
