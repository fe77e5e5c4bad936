from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.scoping import ScopedQuerySet
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

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    event = models.CharField(_("event"), max_length=80)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    not_before = models.DateTimeField(_("not before"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

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
