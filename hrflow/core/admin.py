from django.contrib import admin
from django.http import HttpRequest

from hrflow.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is append-only: nobody adds, edits or deletes rows here."""

    list_display = ("occurred_at", "actor_label", "action", "target_type", "target_label")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "action", "target_label", "target_id")
    date_hierarchy = "occurred_at"
    list_select_related = ("target_type",)
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
