"""The employee file's own copy of the hire: the frozen HireRecord, and the assessments.

Kept here, not read from recruiting, so candidate-data retention (erasure of a
candidate after the retention period) never eats an employee's history
(docs/DESIGN.md). The snapshot is the record exactly as handed over; the
assessment rows are the same data in a shape analytics can query.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet


class HireSnapshotQuerySet(ScopedQuerySet["HireSnapshot"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "HireSnapshotQuerySet":
        return self.filter(employee__user_id=user.pk)


class HireSnapshot(models.Model):
    employee = models.OneToOneField(
        "employees.Employee", on_delete=models.CASCADE, related_name="hire_snapshot"
    )
    application_id = models.BigIntegerField(_("application"), unique=True)
    # The HireRecord as JSON (employees.contracts.hire_record_to_json): person, offer
    # terms, the application's full history, files' checksums, notes, consents.
    record = models.JSONField(_("hire record"))
    created_at = models.DateTimeField(_("hired at"), default=timezone.now)

    objects = HireSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("hire record")
        verbose_name_plural = _("hire records")

    def __str__(self) -> str:
        return f"hire of application {self.application_id}"


class HiredAssessmentQuerySet(ScopedQuerySet["HiredAssessment"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "HiredAssessmentQuerySet":
        # The supervisor sees their reports' interview scores: the point of carrying them.
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class HiredAssessment(models.Model):
    """One assessment of the application, as it stood at hire: scores, links, raw payload."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="hired_assessments"
    )
    origin_ref = models.CharField(_("copied from"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20)
    source = models.CharField(_("source"), max_length=80)
    vendor_name = models.CharField(_("vendor"), max_length=120, blank=True)
    model_version = models.CharField(_("vendor model version"), max_length=80, blank=True)
    external_id = models.CharField(_("external id"), max_length=128, blank=True)
    status = models.CharField(_("status"), max_length=12)
    overall_score = models.DecimalField(
        _("overall score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    overall_raw = models.CharField(_("overall raw score"), max_length=40, blank=True)
    overall_scale = models.CharField(_("overall scale"), max_length=40, blank=True)
    overall_percentile = models.DecimalField(
        _("applicant pool percentile"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    vendor_verdict = models.CharField(_("vendor verdict"), max_length=10, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    report_url = models.CharField(_("report link"), max_length=1000, blank=True)
    media = models.JSONField(_("media"), default=dict, blank=True)
    raw = models.JSONField(_("raw payload"), default=dict, blank=True)
    job_title = models.CharField(_("job"), max_length=160, blank=True)

    objects = HiredAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment at hire")
        verbose_name_plural = _("assessments at hire")
        ordering = ["completed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "origin_ref"], name="employees_hired_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.overall_score}"


class HiredDimensionScore(models.Model):
    assessment = models.ForeignKey(
        HiredAssessment, on_delete=models.CASCADE, related_name="dimension_scores"
    )
    dimension_code = models.CharField(_("dimension"), max_length=40, blank=True)
    vendor_key = models.CharField(_("vendor name"), max_length=120)
    vendor_label = models.CharField(_("vendor label"), max_length=120, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    raw_score = models.CharField(_("raw score"), max_length=40, blank=True)
    raw_scale = models.CharField(_("raw scale"), max_length=40, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    pool_percentile = models.DecimalField(
        _("applicant pool percentile"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("dimension score at hire")
        verbose_name_plural = _("dimension scores at hire")
        ordering = ["assessment", "vendor_key"]

    def __str__(self) -> str:
        return f"{self.vendor_key}: {self.score}"
