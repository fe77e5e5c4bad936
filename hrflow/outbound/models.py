"""The outbound event outbox: what happened, for systems outside hrflow.

Not to be confused with `hrflow.notifications`' outbox, which holds messages to
people. An event row is written in the same transaction as the change it
reports (so a rolled-back change reports nothing, a committed one always
something), keyed for idempotency, and read by API clients through a cursor
(`GET /api/v1/events/?after=<id>`) or pushed to webhook subscribers
(`webhooks.py`).
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.core.crypto import EncryptedJSONField


class OutboundEvent(models.Model):
    """One event: `topic` ("employee.hired"), `payload` (no sensitive values), when."""

    id = models.BigAutoField(primary_key=True)
    topic = models.CharField(_("topic"), max_length=80)
    # The writer's idempotency key: the same key twice is one event, so a retried
    # task or a repeated call never reports a change twice.
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("outbound event")
        verbose_name_plural = _("outbound events")
        ordering = ["id"]
        indexes = [models.Index(fields=["topic", "id"], name="outbound_topic_id")]

    def __str__(self) -> str:
        return f"{self.id} {self.topic}"


class WebhookSubscription(models.Model):
    """A system outside hrflow that gets the events pushed to it: signed POSTs
    (Standard Webhooks), in event order, at least once, from where `cursor` stands."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where the events are POSTed (http or https)."),
    )
    # The whsec_<base64> key both sides sign with; encrypted at rest like every credential.
    secret = EncryptedJSONField(_("signing secret"), editable=False)
    topics = models.JSONField(
        _("topics"),
        default=list,
        blank=True,
        help_text=_('Which events, e.g. ["employee.hired"]; empty: all of them.'),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # The id of the last event the receiver took; a new subscription starts at the
    # newest event there is, so it gets what happens from then on.
    cursor = models.BigIntegerField(_("last event delivered"), default=0)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    last_delivered_at = models.DateTimeField(_("last delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
