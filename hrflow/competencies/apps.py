from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "hrflow.competencies"
    label = "competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        from hrflow.competencies.navigation import COMPETENCIES_NAV_ITEMS
        from hrflow.web.navigation import nav_items_register

        nav_items_register(COMPETENCIES_NAV_ITEMS)

        from hrflow.accounts.roles import role_permissions_register
        from hrflow.competencies.role_grants import COMPETENCIES_GRANTS

        role_permissions_register(COMPETENCIES_GRANTS)
