"""The staff navigation: which sections a user's roles show, in one list.

Later issues add their sections here (jobs, candidates, integrations, ...),
each with the permission that opens it, so the menu never offers a page the
user would be refused.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    permission: str | None = None
    staff_only: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Dashboard"), "web:dashboard", "home"),
    NavItem(_("Jobs"), "recruiting:job-list", "jobs", permission="recruiting.view_job"),
    NavItem(
        _("Candidates"),
        "recruiting:candidate-list",
        "people",
        permission="recruiting.view_candidate",
    ),
    NavItem(
        _("Review queue"),
        "recruiting:review-queue",
        "review",
        permission="recruiting.change_application",
    ),
    NavItem(
        _("Talent pool"), "recruiting:talent-pool", "pool", permission="recruiting.view_application"
    ),
    NavItem(
        _("Erasure requests"),
        "recruiting:deletion-requests",
        "shield",
        permission="recruiting.change_candidate",
    ),
    NavItem(
        _("My interviews"),
        "recruiting:interview-list",
        "calendar",
        permission="recruiting.view_interview",
    ),
    NavItem(
        _("Integrations"),
        "recruiting:integration-list",
        "plug",
        permission="integrations.view_vendorconnection",
    ),
    NavItem(
        _("Messages"),
        "notifications:template-list",
        "mail",
        permission="notifications.change_notificationtemplate",
    ),
    NavItem(_("Admin"), "admin:index", "settings", staff_only=True),
)


def nav_items_for(user: User) -> list[NavItem]:
    """The items this user may open, in menu order."""
    return [
        item
        for item in NAV_ITEMS
        if (not item.staff_only or user.is_staff)
        and (item.permission is None or user.has_perm(item.permission))
    ]
