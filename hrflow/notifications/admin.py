from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.notifications.events import EVENTS
from hrflow.notifications.management_services import (
    notification_settings_save,
    notification_template_save,
)
from hrflow.notifications.models import (
    ChatRobot,
    DeliveryAttempt,
    MessageRequest,
    NotificationSettings,
    NotificationTemplate,
    OutboxMessage,
)
from hrflow.notifications.services_robots import (
    WEBHOOK_URL_VALIDATOR,
    chat_robot_check_events,
    chat_robot_save,
    chat_robot_test,
)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "started_at", "finished_at", "outcome", "detail")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    """Read-only: the delivery loop writes one row per try."""

    list_display = ("message", "number", "outcome", "started_at", "finished_at")
    list_filter = ("outcome",)
    list_select_related = ("message",)
    readonly_fields = [field.name for field in DeliveryAttempt._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(admin.ModelAdmin):
    """HR's wording; saved through the service, which refuses template code."""

    list_display = ("event", "channel", "language", "updated_by", "updated_at")
    list_filter = ("event", "channel", "language")
    readonly_fields = ("updated_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            saved = notification_template_save(
                event=obj.event,
                channel=obj.channel,
                language=obj.language,
                subject=obj.subject,
                body=obj.body,
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        obj.pk = saved.pk


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    """The one sending-policy row; saved through the service."""

    list_display = ("__str__", "quiet_hours_start", "quiet_hours_end", "rejection_delay_hours")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not NotificationSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = notification_settings_save(
            quiet_hours_start=obj.quiet_hours_start,
            quiet_hours_end=obj.quiet_hours_end,
            rejection_delay_hours=obj.rejection_delay_hours,
            actor=cast(User, request.user),
        )
        obj.pk = saved.pk


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by services and moved on by delivery tasks."""

    inlines = [DeliveryAttemptInline]

    list_display = ("created_at", "event", "channel", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("idempotency_key", "event")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """A message holding a secret (a sign-in or password-reset link) is shown without
        its text: whoever read it could sign in as the recipient."""
        fields = super().get_fields(request, obj)
        event = EVENTS.get(obj.event) if obj is not None else None
        if event is not None and event.secret:
            return [field for field in fields if field != "body"]
        return fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(MessageRequest)
class MessageRequestAdmin(admin.ModelAdmin):
    """Read-only, and without the payload (an address): requests live seconds."""

    list_display = ("created_at", "kind")
    fields = ("kind", "created_at")
    readonly_fields = ("kind", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class ChatRobotAdminForm(forms.ModelForm):
    """The webhook URL and secret are write-only: the form never shows them back."""

    webhook_url = forms.URLField(
        label=_("webhook URL"),
        required=False,
        assume_scheme="https",
        validators=[WEBHOOK_URL_VALIDATOR],
        help_text=_("Copied from the robot's settings in the group. Empty: keep the current one."),
    )
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("DingTalk 加签 or Feishu 签名校验 secret. Empty: keep the current one."),
    )
    remove_secret = forms.BooleanField(label=_("remove the signing secret"), required=False)

    class Meta:
        model = ChatRobot
        fields = ("name", "kind", "events", "is_active")

    def clean_events(self) -> Any:
        events = self.cleaned_data.get("events") or []
        # The service's own rule, checked here so admin shows a form error.
        try:
            chat_robot_check_events(events)
        except ApplicationError as error:
            raise forms.ValidationError(error.message) from error
        return events

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.instance.pk and not cleaned.get("webhook_url"):
            self.add_error("webhook_url", _("A new robot needs its webhook URL."))
        return cleaned


def _copy_saved_state(target: Any, saved: Any) -> None:
    # Admin keeps using its own instance after save_model (messages, redirects).
    target.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})


@admin.register(ChatRobot)
class ChatRobotAdmin(admin.ModelAdmin):
    form = ChatRobotAdminForm
    list_display = ("name", "kind", "is_active", "updated_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    fields = ("name", "kind", "webhook_url", "secret", "remove_secret", "events", "is_active")
    actions = ["send_test_message"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Switch a robot off instead: queued alerts name it by primary key.
        return False

    def save_model(self, request: HttpRequest, obj: ChatRobot, form: Any, change: bool) -> None:
        data = form.cleaned_data
        secret = "" if data["remove_secret"] else (data["secret"] or None)
        saved = chat_robot_save(
            robot=obj if change else None,
            name=data["name"],
            kind=data["kind"],
            webhook_url=data["webhook_url"] or None,
            secret=secret,
            events=data["events"],
            is_active=data["is_active"],
            actor=cast(User, request.user),
        )
        _copy_saved_state(obj, saved)

    @admin.action(description=_("Send a test message"))
    def send_test_message(self, request: HttpRequest, queryset: QuerySet[ChatRobot]) -> None:
        for robot in queryset:
            self.message_user(request, chat_robot_test(robot))
