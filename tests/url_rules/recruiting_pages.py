"""Who may open these URLs (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
SIGNED_IN: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {}
API: set[str] = set()
