from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = _("Recruiting")

    def ready(self) -> None:
        from hrflow.notifications.requests import message_request_handler_register
        from recruiting import lookups  # noqa: F401  (registers the `ilike` lookup)
        from recruiting.services.portal_access import LINK_REQUEST_KIND, portal_link_send

        message_request_handler_register(LINK_REQUEST_KIND, portal_link_send)
