"""Applications (candidate x job), their stage history, and the rejection catalogue."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.bilingual import in_reader_language
from hrflow.core.models import BaseModel


class RejectionReason(models.Model):
    """One entry of the catalogue HR picks from when a process ends."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "ApplicationQuerySet":
        return self.filter(job__in=self.related_scope("job", user, roles))

    def active(self) -> "ApplicationQuerySet":
        return self.filter(status=Application.Status.ACTIVE)

    def in_talent_pool(self) -> "ApplicationQuerySet":
        return self.filter(archived_at__isnull=False)


class Application(BaseModel):
    """A candidate applying to one job: where they stand and how they came."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        HIRED = "hired", _("Hired")
        # Folded into the same candidate's other application to the same job
        # when two candidate records were merged; kept, never deleted.
        MERGED = "merged", _("Merged")

    candidate = models.ForeignKey(
        "recruiting.Candidate", on_delete=models.PROTECT, related_name="applications"
    )
    job = models.ForeignKey("recruiting.Job", on_delete=models.PROTECT, related_name="applications")
    stage = models.ForeignKey(
        "recruiting.Stage", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    source = models.CharField(_("source"), max_length=60, blank=True)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referrer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    stage_entered_at = models.DateTimeField(_("in stage since"), default=timezone.now)
    rejection_reason = models.ForeignKey(
        RejectionReason,
        verbose_name=_("rejection reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a rejected or withdrawn application goes to the talent pool.
    archived_at = models.DateTimeField(_("archived to talent pool"), null=True, blank=True)
    # Denormalised for the board and score sheet, kept by record_assessment_result.
    ai_score = models.DecimalField(
        _("AI interview score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    written_test_score = models.DecimalField(
        _("written test score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    resume_match_score = models.DecimalField(
        _("resume match"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    # The score sheet's composite: the job's weighted mean of the three scores above,
    # empty until every score the job weighs is in (recruiting/composite.py). Stored by
    # a database trigger on every write of a score (migration 0026), whoever writes, so
    # the sheet of a 100,000-application job reads its first page from an index.
    composite = models.DecimalField(
        _("composite score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "job"],
                name="recruiting_one_application_per_job",
                condition=~models.Q(status="merged"),
            ),
        ]
        indexes = [
            # What changed since a moment (the analytics refresh, every few minutes).
            models.Index(fields=["updated_at"], name="recruiting_app_updated"),
            # The board: one job's active cards per stage, longest waiting first.
            models.Index(
                fields=["job", "stage", "status", "stage_entered_at"], name="recruiting_board_idx"
            ),
            models.Index(fields=["job", "status"], name="recruiting_app_job_status_idx"),
            models.Index(
                fields=["archived_at"],
                name="recruiting_talent_pool_idx",
                condition=models.Q(archived_at__isnull=False),
            ),
            # The score sheet's orders within one job: best score first (ascending
            # scores sort the job's rows), applied date and status either way; by name
            # see Candidate's name index; by stage sorts the job's rows.
            *(
                models.Index(
                    F("job"),
                    F(column).desc(nulls_last=True),
                    F("id").desc(),
                    name=f"recruiting_sheet_{short}",
                    condition=~models.Q(status="merged"),
                )
                for column, short in (
                    ("composite", "composite"),
                    ("ai_score", "ai"),
                    ("written_test_score", "written"),
                    ("resume_match_score", "resume"),
                )
            ),
            *(
                models.Index(
                    F("job"),
                    F(column),
                    F("id"),
                    name=f"recruiting_sheet_{column}",
                    condition=~models.Q(status="merged"),
                )
                for column in ("applied_at", "status")
            ),
            # The API's default order (newest first) and the dashboard's "new this week".
            models.Index(fields=["applied_at", "id"], name="recruiting_app_applied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.job_id}"


class StageTransitionQuerySet(ScopedQuerySet["StageTransition"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "StageTransitionQuerySet":
        return self.filter(application__in=Application.objects.all().scope_for(user, roles))


class StageTransition(models.Model):
    """One move of an application: from, to, who or which rule, why, when.

    Written for every stage change and every end (reject, withdraw, hire), so
    time in each stage is always known.
    """

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="transitions",
        # The (application, created_at) index below serves lookups by application.
        db_index=False,
    )
    from_stage = models.ForeignKey(
        "recruiting.Stage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey("recruiting.Stage", on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(
        _("from status"), max_length=10, choices=Application.Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=10, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule = models.CharField(_("rule"), max_length=120, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = StageTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_stage_id} → {self.to_stage_id}"
