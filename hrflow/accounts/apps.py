from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hrflow.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hrflow.accounts import signals  # noqa: F401 - connects the audit receivers
        from hrflow.accounts.roles import sync_role_groups_after_migrate

        # post_migrate is the one signal we use: permissions of models added by
        # later migrations exist only after migrate, so roles pick them up here.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="hrflow-roles")

        from hrflow.accounts.password_reset import REQUEST_KIND, password_reset_send
        from hrflow.notifications.requests import message_request_handler_register

        message_request_handler_register(REQUEST_KIND, password_reset_send)

        from hrflow.accounts.notices import notices_register
        from hrflow.accounts.role_grants import ACCOUNTS_GRANTS
        from hrflow.accounts.roles import role_permissions_register

        notices_register()
        role_permissions_register(ACCOUNTS_GRANTS)

        from hrflow.accounts.navigation import ACCOUNTS_NAV_ITEMS
        from hrflow.web.navigation import nav_items_register

        nav_items_register(ACCOUNTS_NAV_ITEMS)
