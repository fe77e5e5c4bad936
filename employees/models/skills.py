"""Skill evidence: one observation of one competency of one employee, never overwritten.

An AI-interview dimension, a written test, an interview scorecard, later a review
or a finished course: each adds a row. The current level is read from the rows
(newest and most reliable first), always with where it came from.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet


class SkillEvidenceQuerySet(ScopedQuerySet["SkillEvidence"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "SkillEvidenceQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class SkillEvidence(models.Model):
    class Source(models.TextChoices):
        AI_INTERVIEW = "ai_interview", _("AI interview")
        WRITTEN_TEST = "written_test", _("Written test")
        INTERVIEW = "interview_feedback", _("Interview scorecard")
        REVIEW = "review", _("Performance review")
        TRAINING = "training", _("Training")
        MANUAL = "manual", _("Recorded by HR")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="skill_evidence"
    )
    competency = models.ForeignKey(
        "competencies.Competency",
        verbose_name=_("competency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # The canonical dimension the score was given on, and the vendor's own name for it.
    dimension_code = models.CharField(_("dimension"), max_length=40, blank=True)
    vendor_name = models.CharField(_("vendor"), max_length=120, blank=True)
    vendor_dimension = models.CharField(_("vendor's dimension"), max_length=120, blank=True)
    model_version = models.CharField(_("vendor model version"), max_length=80, blank=True)
    score = models.DecimalField(
        _("score (0-100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    raw_score = models.CharField(_("raw score"), max_length=40, blank=True)
    raw_scale = models.CharField(_("raw scale"), max_length=40, blank=True)
    # Where the score stood among everyone assessed for the same job (0-100, higher is
    # better), and how many that was: the "bottom 30 % of the pool" test of training.
    pool_percentile = models.DecimalField(
        _("applicant pool percentile"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    pool_size = models.PositiveIntegerField(_("applicant pool size"), null=True, blank=True)
    job_title = models.CharField(_("assessed for"), max_length=160, blank=True)
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    hired_assessment = models.ForeignKey(
        "employees.HiredAssessment",
        verbose_name=_("original result"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="skill_evidence",
    )
    # What the evidence was drawn from ("recruiting.assessment:17"), unique per
    # competency: recording the same result twice adds nothing.
    origin_ref = models.CharField(_("drawn from"), max_length=80)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = SkillEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill evidence")
        verbose_name_plural = _("skill evidence")
        ordering = ["-assessed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency", "origin_ref", "dimension_code"],
                name="employees_evidence_once",
            )
        ]
        indexes = [
            models.Index(fields=["competency", "pool_percentile"], name="employees_evid_comp"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.competency_id} {self.score}"
