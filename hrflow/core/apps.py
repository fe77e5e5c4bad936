from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hrflow.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from hrflow.core.periodic_tasks import CORE_SCHEDULE
        from hrflow.core.schedules import schedule_register
        from hrflow.core.session_refresh import session_refreshed_at_sign_in

        schedule_register(CORE_SCHEDULE)

        from hrflow.accounts.roles import role_permissions_register
        from hrflow.core.role_grants import CORE_GRANTS

        role_permissions_register(CORE_GRANTS)

        # A session begins refreshed: signing in saves it anyway.
        user_logged_in.connect(session_refreshed_at_sign_in, dispatch_uid="session_refresh")
