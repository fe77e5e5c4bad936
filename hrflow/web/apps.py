from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "hrflow.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from hrflow.core.dashboard_panels import dashboard_panel_register
        from hrflow.web.dashboard import system_panel
        from hrflow.web.navigation import SHELL_ITEMS, nav_items_register

        nav_items_register(SHELL_ITEMS)
        dashboard_panel_register("system", system_panel, order=90)
