from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.core.read_only_admin import ReadOnlyAdmin
from hrflow.outbound.models import OutboundEvent, WebhookSubscription
from hrflow.outbound.webhooks import webhook_secret_rotate, webhook_subscription_create


@admin.register(OutboundEvent)
class OutboundEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "topic", "key", "occurred_at"]
    list_filter = ["topic"]
    search_fields = ["key"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "is_active", "cursor", "failures", "last_delivered_at"]
    list_filter = ["is_active"]
    fields = [
        "name", "url", "topics", "is_active", "signing_secret", "cursor", "failures",
        "next_attempt_at", "last_error", "last_delivered_at",
    ]  # fmt: skip
    readonly_fields = [
        "signing_secret", "cursor", "failures", "next_attempt_at", "last_error",
        "last_delivered_at",
    ]  # fmt: skip
    actions = ["rotate_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("signing secret"))
    def signing_secret(self, obj: WebhookSubscription) -> str:
        # The receiver needs it to check the signatures; only admins see this page.
        return str(obj.secret) if obj.pk else str(_("made when you save"))

    def save_model(
        self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        made = webhook_subscription_create(
            name=obj.name,
            url=obj.url,
            topics=obj.topics or [],
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk = made.pk
        obj.secret = made.secret
        obj.cursor = made.cursor

    @admin.action(description=_("Give a new signing secret"))
    def rotate_secret(self, request: HttpRequest, queryset: QuerySet[WebhookSubscription]) -> None:
        for subscription in queryset:
            webhook_secret_rotate(subscription=subscription, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("New secrets made: the receivers need them now."))
