"""Who may open the notification pages (see tests/test_url_authorization.py)."""

from hrflow.accounts.roles import Role

PUBLIC: set[str] = set()
ROLE_ONLY: dict[str, set[Role]] = {
    "notifications:template-list": {Role.HR_ADMIN},
    "notifications:settings": {Role.HR_ADMIN},
    "notifications:outbox": {Role.HR_ADMIN},
}
# Pages of one event's wording: tests/hrflow/notifications/test_pages.py checks each
# role against them with real arguments.
SIGNED_IN: set[str] = {"notifications:template-edit", "notifications:template-preview"}
API: set[str] = set()
