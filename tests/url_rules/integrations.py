"""Who may reach the integration URLs (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
# Integration pages are HR admins' only (tests/recruiting/vendors/test_views.py checks each
# object page for every other role, with real objects).
ROLE_ONLY: dict[str, set[Role]] = {
    "recruiting:integration-list": {Role.HR_ADMIN},
    "recruiting:integration-create": {Role.HR_ADMIN},
    "recruiting:sync-lookup": {Role.HR_ADMIN},
}
OBJECT_PAGES = {
    "recruiting:integration-detail",
    "recruiting:integration-action",
    "recruiting:integration-mapping",
    "recruiting:held-detail",
    "recruiting:held-action",
    "recruiting:dead-letter-retry",
}
SIGNED_IN: set[str] = set(OBJECT_PAGES)
API: set[str] = set()
# Called by vendors: no session, the vendor's signature over the raw body is the
# authentication (tests/recruiting/vendors/test_webhooks.py covers forged and replayed ones).
VENDOR_SIGNED = {"integrations:webhook"}
