from django.contrib import admin
from django.http import HttpRequest

from hrflow.notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by services and moved on by delivery tasks."""

    list_display = ("created_at", "event", "channel", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("idempotency_key", "event")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
