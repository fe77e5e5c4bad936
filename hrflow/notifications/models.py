from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.crypto import EncryptedJSONField
from hrflow.core.models import BaseModel


class OutboxMessage(BaseModel):
    """A message the system has decided to send, written in the deciding transaction.

    The unique `idempotency_key` makes writing it twice a no-op, and the status
    moves pending -> sending -> sent (or failed), so a crash between the
    decision and the delivery neither loses the message nor sends it twice.
    Only HR admins may read the outbox (ScopedQuerySet's default).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        PORTAL = "portal", _("Portal message")
        CHAT = "chat", _("Team chat")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        # The worker stopped while the provider had the message and the provider
        # cannot say whether it went out (SMTP): not sent again, shown to HR.
        UNCERTAIN = "uncertain", _("Delivery uncertain")

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    channel = models.CharField(
        pgettext_lazy("message", "channel"), max_length=10, choices=Channel.choices
    )
    event = models.CharField(_("event"), max_length=80)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True)
    # The safe variables the text was made from: SMS providers such as Aliyun send a
    # registered template with these values rather than free text.
    variables = models.JSONField(_("variables"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Who the message is about, as plain ids: this app sits below recruiting and
    # may not import it, yet a candidate's profile lists the messages sent to them.
    candidate_ref = models.PositiveBigIntegerField(
        _("candidate"), null=True, blank=True, db_index=True
    )
    application_ref = models.PositiveBigIntegerField(_("application"), null=True, blank=True)
    # [{"filename", "content_type", "content"}] - text attachments such as an .ics file.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # A claimed message belongs to its sender until then; after it, the sender is
    # taken to have died and the message is reconciled, not blindly sent again.
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "not_before"],
                name="notif_outbox_due_idx",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.channel}"


class MessageRequest(BaseModel):
    """Someone asked a public form for a message to an address: a worker settles it.

    The portal's sign-in link and the staff password reset write one of these
    and nothing else, whoever holds the address (hrflow.notifications.requests),
    so their answer costs the same for a known and an unknown address. The
    worker looks the address up and queues the message in the outbox in the
    transaction that deletes this row: it lives seconds while workers run.
    """

    kind = models.CharField(_("kind"), max_length=40)
    # The address and what the settling needs: personal data, so encrypted.
    payload = EncryptedJSONField(_("payload"), default=dict)

    class Meta:
        verbose_name = _("message request")
        verbose_name_plural = _("message requests")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class DeliveryAttempt(models.Model):
    """One try at handing a message to its channel, kept for the profile and for HR."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        RETRY = "retry", _("Failed, will retry")
        FAILED = "failed", _("Failed")
        UNCERTAIN = "uncertain", _("Uncertain")
        ALREADY_SENT = "already_sent", _("Provider confirms it was sent")

    message = models.ForeignKey(
        OutboxMessage, on_delete=models.CASCADE, related_name="attempts_log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="notif_attempt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} #{self.number}: {self.outcome or '...'}"


class NotificationTemplate(BaseModel):
    """HR's wording of one event on one channel in one language; the built-in text otherwise.

    Subject and body hold plain text with `{{ variable }}` placeholders from the
    event's allow-list (hrflow.notifications.rendering), never template code.
    """

    event = models.CharField(_("event"), max_length=80)
    channel = models.CharField(
        pgettext_lazy("message", "channel"), max_length=10, choices=OutboxMessage.Channel.choices
    )
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "language"], name="notif_template_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} / {self.channel} / {self.language}"


class NotificationSettings(models.Model):
    """The company's sending policy: one row (pk 1), edited by HR admins.

    The company's name and time zone live in `hrflow.org` (CompanySettings).
    """

    quiet_hours_start = models.TimeField(_("quiet hours start"), default=time(21, 0))
    quiet_hours_end = models.TimeField(_("quiet hours end"), default=time(8, 0))
    rejection_delay_hours = models.PositiveSmallIntegerField(
        _("delay before a rejection is sent (hours)"), default=24
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(_("Notification settings"))


class ChatRobot(BaseModel):
    """A team-chat group robot (WeCom, DingTalk, Feishu) that receives HR alerts.

    The webhook URL carries the robot's key and the secret signs DingTalk and
    Feishu requests, so both live in `credentials`, encrypted at rest:
    {"webhook_url": ..., "secret": ...}.
    """

    class Kind(models.TextChoices):
        WECOM = "wecom", _("WeCom (企业微信)")
        DINGTALK = "dingtalk", _("DingTalk (钉钉)")
        FEISHU = "feishu", _("Feishu (飞书)")

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    credentials = EncryptedJSONField(_("webhook URL and secret"), default=dict)
    events = models.JSONField(
        _("events"), default=list, blank=True, help_text=_("Empty: every HR alert.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("chat robot")
        verbose_name_plural = _("chat robots")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
