from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from hrflow.accounts.roles import role_permissions_register
        from integrations.role_grants import INTEGRATIONS_GRANTS

        role_permissions_register(INTEGRATIONS_GRANTS)
