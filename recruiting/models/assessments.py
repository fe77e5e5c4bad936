"""Assessments: the canonical result of docs/DESIGN.md (AI interview, written test, ...)."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "AssessmentQuerySet":
        return self.filter(application__in=self.related_scope("application", user, roles))


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
        DELETED = "deleted", _("Deleted at the vendor")

    class Scoring(models.TextChoices):
        NONE = "none", _("Not scored yet")
        PARTIAL = "partial", _("Partly scored")
        FINAL = "final", _("Final")
        REVISED = "revised", _("Revised")

    class Verdict(models.TextChoices):
        PASS = "pass", _("Recommended")
        FAIL = "fail", _("Not recommended")
        REVIEW = "review", _("Undecided")
        NONE = "none", _("No recommendation")

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    scoring_status = models.CharField(
        _("scoring"),
        max_length=10,
        choices=Scoring.choices,
        default=Scoring.FINAL,
        db_default=Scoring.FINAL,
    )
    source = models.CharField(_("source"), max_length=80)
    external_id = models.CharField(_("external id"), max_length=128)
    # The vendor's interview (invitation): several attempts share it.
    external_interview_id = models.CharField(
        _("vendor interview id"), max_length=128, blank=True, db_index=True, db_default=""
    )
    attempt_no = models.PositiveSmallIntegerField(_("attempt"), default=1, db_default=1)
    overall_score = models.DecimalField(
        _("overall score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    overall_raw = models.CharField(
        _("overall score as sent"), max_length=40, blank=True, db_default=""
    )
    overall_scale = models.CharField(_("overall scale"), max_length=40, blank=True, db_default="")
    vendor_verdict = models.CharField(
        _("vendor recommendation"),
        max_length=8,
        choices=Verdict.choices,
        default=Verdict.NONE,
        db_default=Verdict.NONE,
    )
    vendor_verdict_raw = models.CharField(
        _("recommendation as sent"), max_length=40, blank=True, db_default=""
    )
    vendor_revision = models.PositiveIntegerField(_("vendor version"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, db_default="")
    invite_url = models.URLField(_("invitation link"), max_length=1000, blank=True, db_default="")
    invite_expires_at = models.DateTimeField(_("invitation expires"), null=True, blank=True)
    # What the vendor mapping dropped or doubted (e.g. a link to a foreign host).
    warnings = models.JSONField(_("warnings"), default=list, blank=True, db_default=[])
    media = models.JSONField(_("media"), default=dict, blank=True)
    raw = models.JSONField(_("raw payload"), default=dict, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    vendor_updated_at = models.DateTimeField(_("vendor updated at"), null=True, blank=True)
    attempt_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retakes"
    )
    # The vendor's id of the attempt this one supersedes, kept so that the link is
    # made whichever of the two arrives first.
    attempt_of_external_id = models.CharField(
        _("supersedes (vendor id)"), max_length=128, blank=True, db_default=""
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
            # External id first: lookups name up to a page of ids within one source, and no
            # index leading with the source alone tempts the planner (when a fast-growing
            # table's statistics are stale) to read every row of the source instead.
            models.UniqueConstraint(
                fields=["external_id", "source"], name="recruiting_assessment_source_external"
            ),
            models.CheckConstraint(
                condition=models.Q(overall_score__gte=0, overall_score__lte=100)
                | models.Q(overall_score__isnull=True),
                name="recruiting_assessment_score_range",
            ),
        ]
        indexes = [
            models.Index(fields=["application", "kind"]),
            # Retakes stored before the attempt they name (see _link_attempts).
            models.Index(
                fields=["attempt_of_external_id", "source"],
                condition=~models.Q(attempt_of_external_id=""),
                name="recruiting_retake_named_prev",
            ),
            # The API's list, newest first (a sort of 1.4 million rows without it).
            models.Index(fields=["created_at", "id"], name="recruiting_assess_created"),
            # What changed since a moment (the analytics refresh, every few minutes).
            models.Index(fields=["updated_at"], name="recruiting_assess_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.overall_score}"


class AssessmentDimensionScore(models.Model):
    """One dimension of an assessment, as the vendor named it and as we map it.

    `dimension` is empty while the vendor's name has no mapping (kept, shown,
    never used by rules); `score` is empty when the dimension was not assessed.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension = models.ForeignKey(
        "competencies.Dimension",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    vendor_key = models.CharField(_("vendor name"), max_length=120)
    vendor_label = models.CharField(_("vendor label"), max_length=120, blank=True, db_default="")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    raw_score = models.CharField(_("raw score"), max_length=40, blank=True)
    raw_scale = models.CharField(_("raw scale"), max_length=40, blank=True)
    comment = models.TextField(_("comment"), blank=True, db_default="")

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "dimension"], name="recruiting_one_score_per_dimension"
            ),
            models.UniqueConstraint(
                fields=["assessment", "vendor_key"], name="recruiting_one_score_per_vendor_key"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100),
                name="recruiting_dimension_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor_key}: {self.score}"
