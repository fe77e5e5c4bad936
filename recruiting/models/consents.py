"""What an applicant agreed to, with the wording's version and the time.

GDPR Art. 7(1) asks us to be able to show that a person consented, and to
what: the notice version names the exact text shown. The applicant's address
is kept only as a keyed hash, enough to tell two consents from one device
apart without holding the address itself.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CandidateConsent(models.Model):
    class Kind(models.TextChoices):
        DATA_PROCESSING = "data_processing", _("Processing of my application data")
        AI_ASSESSMENT = "ai_assessment", _("AI-assisted assessment")

    candidate = models.ForeignKey(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="consents"
    )
    application = models.ForeignKey(
        "recruiting.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    notice_version = models.CharField(_("notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    ip_hash = models.CharField(_("address hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("candidate consent")
        verbose_name_plural = _("candidate consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="recruiting_consent_once_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.notice_version}"
