"""Notifications' section of the staff menu, registered from `NotificationsConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from hrflow.web.navigation import NavItem

NOTIFICATIONS_NAV_ITEMS = (
    NavItem(
        _("Messages"),
        "notifications:template-list",
        "mail",
        permission="notifications.change_notificationtemplate",
        order=900,
    ),
)
