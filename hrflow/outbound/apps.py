from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboundConfig(AppConfig):
    name = "hrflow.outbound"
    label = "outbound"
    verbose_name = _("Events for other systems")

    def ready(self) -> None:
        from hrflow.core.schedules import schedule_register
        from hrflow.outbound.schedules import OUTBOUND_SCHEDULE

        schedule_register(OUTBOUND_SCHEDULE)
