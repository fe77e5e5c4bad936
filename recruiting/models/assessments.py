"""Assessments: the canonical result of DESIGN.md (AI interview, written test, ...)."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class Dimension(models.Model):
    """A canonical scored trait (communication, logical thinking, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "AssessmentQuerySet":
        from recruiting.models.applications import Application

        return self.filter(application__in=Application.objects.all().scope_for(user, roles))


class Assessment(BaseModel):
    """One scored step of an application, from a vendor or entered by HR.

    Unique on (source, external_id): `source` names who sent it ("manual" for
    HR's own entries, a vendor connection's key otherwise), so a result that
    arrives twice is one row. A retake is a new row linked by `attempt_of`.
    """

    class Kind(models.TextChoices):
        AI_INTERVIEW = "ai_interview", _("AI interview")
        WRITTEN_TEST = "written_test", _("Written test")
        RESUME_MATCH = "resume_match", _("Resume match")
        BACKGROUND_CHECK = "background_check", _("Background check")
        INTERVIEW_FEEDBACK = "interview_feedback", _("Interview feedback")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("source"), max_length=80)
    external_id = models.CharField(_("external id"), max_length=120)
    overall_score = models.DecimalField(
        _("overall score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    media = models.JSONField(_("media"), default=dict, blank=True)
    raw = models.JSONField(_("raw payload"), default=dict, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    vendor_updated_at = models.DateTimeField(_("vendor updated at"), null=True, blank=True)
    attempt_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retakes"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="recruiting_assessment_source_external"
            ),
            models.CheckConstraint(
                condition=models.Q(overall_score__gte=0, overall_score__lte=100)
                | models.Q(overall_score__isnull=True),
                name="recruiting_assessment_score_range",
            ),
        ]
        indexes = [models.Index(fields=["application", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.overall_score}"


class AssessmentDimensionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    raw_score = models.CharField(_("raw score"), max_length=40, blank=True)
    raw_scale = models.CharField(_("raw scale"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="recruiting_one_score_per_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="recruiting_dimension_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}: {self.score}"
