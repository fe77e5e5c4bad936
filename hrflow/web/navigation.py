"""The staff navigation: which sections a user's roles show, in one list.

Each app registers its sections from its `AppConfig.ready()`, each with the
permission that opens it, so the menu never offers a page the user would be
refused and the shell never names a higher app.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str  # a symbol in static/vendor/lucide/icons.svg (scripts/icon_sprite.py adds one)
    permission: str | None = None
    staff_only: bool = False
    order: int = 500  # place in the menu, lowest first

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# Filled by the apps at start-up, kept in menu order.
_nav_items: list[NavItem] = []


def nav_items_register(items: Iterable[NavItem]) -> None:
    """Add an app's menu items; the same item again (a second `ready()`) is a no-op."""
    for item in items:
        if item not in _nav_items:
            _nav_items.append(item)
    _nav_items.sort(key=lambda item: item.order)


# The shell's own items: the dashboard first, Django admin last.
SHELL_ITEMS = (
    NavItem(_("Dashboard"), "web:dashboard", "house", order=0),
    NavItem(_("Admin"), "admin:index", "settings", staff_only=True, order=1000),
)


def nav_items_for(user: User) -> list[NavItem]:
    """The items this user may open, in menu order."""
    return [
        item
        for item in _nav_items
        if (not item.staff_only or user.is_staff)
        and (item.permission is None or user.has_perm(item.permission))
    ]
