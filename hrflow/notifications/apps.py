from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hrflow.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hrflow.core.schedules import schedule_register
        from hrflow.notifications.navigation import NOTIFICATIONS_NAV_ITEMS
        from hrflow.notifications.schedules import NOTIFICATIONS_SCHEDULE
        from hrflow.web.navigation import nav_items_register

        schedule_register(NOTIFICATIONS_SCHEDULE)
        nav_items_register(NOTIFICATIONS_NAV_ITEMS)

        from hrflow.accounts.roles import role_permissions_register
        from hrflow.notifications.role_grants import NOTIFICATIONS_GRANTS

        role_permissions_register(NOTIFICATIONS_GRANTS)
