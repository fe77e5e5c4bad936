"""Who may reach the integration URLs (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {}
API: set[str] = set()
# Called by vendors: no session, the vendor's signature over the raw body is the
# authentication (tests/integrations/test_webhooks.py covers forged and replayed ones).
VENDOR_SIGNED = {"integrations:webhook"}
