"""Offers sent to candidates, and the candidate's signed answer.

HR writes the terms and attaches the letter (a PDF prepared in the company's own
template); the candidate reads it in the portal and accepts or declines with a
typed-name signature. The signature, the time and a keyed hash of the address
it came from are kept as the record of the answer.
"""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class OfferQuerySet(ScopedQuerySet["Offer"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "OfferQuerySet":
        return self.filter(application__in=self.related_scope("application", user, roles))


def _letter_path(instance: "Offer", filename: str) -> str:
    # A random name: the file is never reachable by guessing, only through a view.
    return f"offers/{uuid.uuid4().hex}.pdf"


class Offer(BaseModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Waiting for the candidate")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.PROTECT, related_name="offers"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    position_title = models.CharField(_("position"), max_length=160)
    salary = models.CharField(_("salary"), max_length=160)
    start_date = models.DateField(_("start date"))
    respond_by = models.DateField(_("answer by"), null=True, blank=True)
    message = models.TextField(_("message to the candidate"), blank=True)
    letter = models.FileField(_("offer letter"), upload_to=_letter_path, max_length=200)
    letter_name = models.CharField(_("letter file name"), max_length=200)
    letter_size = models.PositiveIntegerField(_("letter size"))
    letter_sha256 = models.CharField(_("letter SHA-256"), max_length=64)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    signature_name = models.CharField(_("signed as"), max_length=150, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    response_ip_hash = models.CharField(_("address hash"), max_length=64, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="sent"),
                name="recruiting_one_open_offer",
            )
        ]
        indexes = [
            # What changed since a moment (the analytics refresh, every few minutes).
            models.Index(fields=["updated_at"], name="recruiting_offer_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.position_title} ({self.status})"
