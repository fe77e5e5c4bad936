from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        """Register the reports, their periodic tasks, notices, menu item and permissions."""
        from analytics.navigation import ANALYTICS_NAV_ITEMS
        from analytics.notices import notices_register
        from analytics.reports.catalogue import reports_register
        from analytics.role_grants import ANALYTICS_GRANTS
        from analytics.schedules import ANALYTICS_SCHEDULE
        from hrflow.accounts.roles import role_permissions_register
        from hrflow.core.schedules import schedule_register
        from hrflow.web.navigation import nav_items_register

        schedule_register(ANALYTICS_SCHEDULE)
        nav_items_register(ANALYTICS_NAV_ITEMS)
        role_permissions_register(ANALYTICS_GRANTS)
        reports_register()
        notices_register()
