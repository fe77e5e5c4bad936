"""Accounts' section of the staff menu, registered from `AccountsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

ACCOUNTS_NAV_ITEMS = (
    NavItem(
        _("Accounts"),
        "accounts:staff-list",
        "user-cog",
        permission="accounts.manage_roles",
        order=920,
    ),
)
