"""What the candidate portal keeps: sign-in links, survey answers, deletion requests.

Candidates are not staff users: they sign in with a one-time link mailed or
texted to the address on their record, and the portal keeps its own session key
(hrflow.accounts is for staff). Only a hash of each link's secret is stored, so
a read of the table cannot sign anyone in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.core.models import BaseModel


class PortalLoginLink(models.Model):
    candidate = models.ForeignKey(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="portal_links"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # A keyed hash of the session that asked for the link, so the sign-in page can
    # say when the link is opened on another device (a forwarded message).
    requested_by_session = models.CharField(_("requesting session"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("portal sign-in link")
        verbose_name_plural = _("portal sign-in links")
        indexes = [models.Index(fields=["candidate", "created_at"], name="recruiting_plink_cand")]

    def __str__(self) -> str:
        return f"link {self.pk} for candidate {self.candidate_id}"


class SurveyResponse(models.Model):
    """How a candidate rated the process at one moment (1-5 and a comment), for analytics."""

    class Moment(models.TextChoices):
        AFTER_AI_INTERVIEW = "after_ai_interview", _("After the AI interview")
        AFTER_DECISION = "after_decision", _("After the final decision")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="survey_responses"
    )
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("satisfaction survey answer")
        verbose_name_plural = _("satisfaction survey answers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "moment"], name="recruiting_survey_once_per_moment"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="recruiting_survey_rating_1_5"
            ),
        ]
        indexes = [
            # What changed since a moment (the analytics refresh, every few minutes).
            models.Index(fields=["created_at"], name="recruiting_survey_created"),
        ]

    def __str__(self) -> str:
        return f"{self.moment}: {self.rating}"


class DeletionRequest(BaseModel):
    """A candidate asked us to erase their data; HR confirms while a process is active."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for HR")
        DONE = "done", _("Erased")
        DECLINED = "declined", _("Declined")

    candidate = models.ForeignKey(
        "recruiting.Candidate", on_delete=models.PROTECT, related_name="deletion_requests"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Why HR declined (a legal hold, a contract being signed): shown to the candidate.
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status="pending"),
                name="recruiting_one_pending_deletion",
            )
        ]

    def __str__(self) -> str:
        return f"deletion request {self.pk} ({self.status})"
