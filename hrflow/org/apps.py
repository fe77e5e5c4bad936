from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "hrflow.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from hrflow.core.dashboard_panels import dashboard_panel_register
        from hrflow.org.dashboard import organisation_panel

        dashboard_panel_register("organisation", organisation_panel, order=80)

        from hrflow.org.navigation import ORG_NAV_ITEMS
        from hrflow.web.navigation import nav_items_register

        nav_items_register(ORG_NAV_ITEMS)

        from hrflow.accounts.roles import role_permissions_register
        from hrflow.org.role_grants import ORG_GRANTS

        role_permissions_register(ORG_GRANTS)
