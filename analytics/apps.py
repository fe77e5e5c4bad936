from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        """Register the reports' periodic tasks and menu item."""
        from analytics.schedules import ANALYTICS_SCHEDULE
        from hrflow.core.schedules import schedule_register

        schedule_register(ANALYTICS_SCHEDULE)
