"""Vendor connections in admin, without their secrets; the base of the other rows' admins."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.core.read_only_admin import (
    ReadOnlyAdmin,
    filter_titled,
    pretty_json,
    related_count,
    shown_as,
)
from integrations.models import DeadLetter, HeldPayload, VendorConnection

# Encrypted, and never on a page: not a masked value, a length or a first
# character either, since whoever reads them can call the vendor as us or sign
# webhooks that we would accept. Admin says only whether they are set.
SECRET_FIELDS = ("credentials", "webhook_secrets")
# What a row that names a connection leaves unread of it (its label is the name).
CONNECTION_UNREAD = tuple(f"connection__{name}" for name in (*SECRET_FIELDS, "mapping"))
VIEW_CONNECTIONS = "integrations.view_vendorconnection"
BY_CONNECTION = ("connection", filter_titled(_("vendor connection"), admin.RelatedFieldListFilter))
SET = pgettext_lazy("secret", "set")
NOT_SET = pgettext_lazy("secret", "not set")


class ConnectionRecordAdmin(ReadOnlyAdmin):
    """A row the sync, a lane worker or the webhook inbox wrote for one connection.

    Shown to whoever may see the connections, as on the HR integration pages
    (sync runs, held payloads and dead letters hang off a connection's page
    there); these rows have no role permission of their own.
    """

    list_select_related = ("connection",)
    vendor_connection = shown_as("connection", _("vendor connection"))
    run = shown_as("sync_run", _("sync run"))
    event = shown_as("webhook_event", _("webhook event"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*super().get_readonly_fields(request, obj), "vendor_connection")

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(VIEW_CONNECTIONS)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("connection").defer(*CONNECTION_UNREAD)


@admin.register(VendorConnection)
class VendorConnectionAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "vendor",
        "state",
        "open_holds",
        "open_dead_letters",
        "last_success_at",
        "last_error_at",
        "next_sync_at",
        "deleted_at",
    )
    list_filter = ("state", "vendor", ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "vendor")
    exclude = SECRET_FIELDS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "vendor",
                    "uuid",
                    "base_url",
                    "default_test_id",
                    "state",
                    "state_reason",
                )
            },
        ),
        (_("Credentials"), {"fields": ("credentials_state", "webhook_secrets_state")}),
        (_("Field mapping"), {"fields": ("mapping_json",)}),
        (
            _("Sync"),
            {
                "fields": (
                    "poll_interval",
                    "page_size",
                    "backfill_from",
                    "watermark",
                    "pass_since",
                    "pass_watermark",
                    "page_token",
                    "next_sync_at",
                    "last_success_at",
                    "last_error",
                    "last_error_at",
                )
            },
        ),
        (_("Dates"), {"fields": ("created_at", "updated_at", "deleted_at")}),
    )
    readonly_fields = ("credentials_state", "webhook_secrets_state", "mapping_json")
    list_deferred = ("mapping", "page_token")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # The change page decrypts them once, to say "set" or "not set".
        return (
            super()
            .get_queryset(request)
            .defer(*SECRET_FIELDS)
            .annotate(
                open_holds=related_count(
                    HeldPayload.objects.filter(status=HeldPayload.Status.OPEN), link="connection"
                ),
                open_dead_letters=related_count(
                    DeadLetter.objects.filter(resolved_at__isnull=True), link="connection"
                ),
            )
        )

    @admin.display(description=_("open held payloads"), ordering="open_holds")
    def open_holds(self, obj: Any) -> int:
        return int(obj.open_holds)

    @admin.display(description=_("open dead letters"), ordering="open_dead_letters")
    def open_dead_letters(self, obj: Any) -> int:
        return int(obj.open_dead_letters)

    @admin.display(description=_("API credentials"))
    def credentials_state(self, obj: VendorConnection) -> str:
        return str(SET if obj.credentials else NOT_SET)

    @admin.display(description=_("webhook signing secrets"))
    def webhook_secrets_state(self, obj: VendorConnection) -> str:
        secrets = obj.webhook_secrets or []
        if len(secrets) > 1:
            return str(_("set; the previous one still verifies until it is retired"))
        return str(SET if secrets else NOT_SET)

    @admin.display(description=_("field mapping"))
    def mapping_json(self, obj: VendorConnection) -> SafeString:
        return pretty_json(obj.mapping)
