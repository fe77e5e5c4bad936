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
}
ROLE_ONLY = {
    "web:system-status": {Role.HR_ADMIN},
    "org:company-settings": {Role.HR_ADMIN},
}
# Not for browsers: answered with JSON/401 instead of a sign-in redirect.
API: set[str] = set()
