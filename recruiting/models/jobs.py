"""Jobs (requisitions), their pipelines of stages, and the templates pipelines start from."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel
from recruiting.models.job_posting import (
    EXPERIENCE_MIN_YEARS,
    SALARY_K_MAX,
    SALARY_MONTHS_MAX,
    SALARY_MONTHS_MIN,
    Education,
    Experience,
    posting_validate,
)


class StageKind(models.TextChoices):
    """What a stage is for, so rules and reports can reason about it whatever its name."""

    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    AI_INTERVIEW = "ai_interview", _("AI interview")
    WRITTEN_TEST = "written_test", _("Written test")
    INTERVIEW = "interview", _("Interview")
    BACKGROUND_CHECK = "background_check", _("Background check")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")


class PipelineTemplate(BaseModel):
    """An ordered list of stages a new job copies (and may then edit)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("pipeline template")
        verbose_name_plural = _("pipeline templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PipelineTemplateStage(models.Model):
    template = models.ForeignKey(PipelineTemplate, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("template stage")
        verbose_name_plural = _("template stages")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"], name="recruiting_template_stage_position"
            )
        ]

    def __str__(self) -> str:
        return self.name


class JobQuerySet(ScopedQuerySet["Job"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "JobQuerySet":
        # Recruiters and hiring managers see the jobs they are named on.
        if roles & {Role.RECRUITER, Role.HIRING_MANAGER}:
            return self.filter(Q(recruiters=user) | Q(hiring_managers=user)).distinct()
        return self.none()

    def open(self) -> "JobQuerySet":
        return self.filter(status=Job.Status.OPEN)


class Job(BaseModel):
    """A requisition: one opening (or several seats) HR recruits for."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", pgettext_lazy("job status", "Open")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full time")
        PART_TIME = "part_time", _("Part time")
        INTERNSHIP = "internship", _("Internship")
        CONTRACT = "contract", _("Contract")

    Education = Education
    Experience = Experience

    class Channel(models.TextChoices):
        CAMPUS = "campus", _("Campus")
        EXPERIENCED = "experienced", _("Experienced hire")
        INTERNAL = "internal", _("Internal")
        REFERRAL = "referral", _("Referral")
        AGENCY = "agency", _("Agency")

    title = models.CharField(_("title"), max_length=160)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    location = models.ForeignKey(
        "org.Location",
        verbose_name=_("location"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The seat the job fills (岗位), when HR recruits for a planned position: the
    # positions page shows the open job under its vacancy (employees.openings).
    position = models.ForeignKey(
        "employees.Position",
        verbose_name=pgettext_lazy("job seat", "position"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    headcount = models.PositiveSmallIntegerField(_("headcount"), default=1)
    description = models.TextField(_("description"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recruiters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("recruiters"), blank=True, related_name="+"
    )
    hiring_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("hiring managers"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The score sheet's composite: each score's share in percent, adding up to 100; a
    # score with 0 is not part of it (recruiting/composite.py). Data HR sets per job.
    weight_ai_interview = models.PositiveSmallIntegerField(
        _("AI interview weight (%)"), default=50, db_default=50
    )
    weight_written_test = models.PositiveSmallIntegerField(
        _("written test weight (%)"), default=30, db_default=30
    )
    weight_resume_match = models.PositiveSmallIntegerField(
        _("resume match weight (%)"), default=20, db_default=20
    )

    class RetakePolicy(models.TextChoices):
        LATEST = "latest", _("Latest attempt counts")
        BEST = "best", _("Best attempt counts")
        FIRST = "first", _("First attempt counts")

    # Which AI-interview attempt is the candidate's score when they retake it.
    retake_policy = models.CharField(
        _("retake policy"),
        max_length=10,
        choices=RetakePolicy.choices,
        default="latest",
        db_default="latest",
    )

    # What Chinese job posts always show (recruiting.models.job_posting): the
    # monthly salary in thousands of yuan and how many months a year are paid
    # (13 薪), or "negotiable" (面议) to hide the numbers from the careers site.
    salary_min_k = models.PositiveSmallIntegerField(
        _("lowest monthly salary (k CNY)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(SALARY_K_MAX)],
    )
    salary_max_k = models.PositiveSmallIntegerField(
        _("highest monthly salary (k CNY)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(SALARY_K_MAX)],
    )
    salary_months = models.PositiveSmallIntegerField(
        _("months paid a year"),
        default=SALARY_MONTHS_MIN,
        db_default=SALARY_MONTHS_MIN,
        validators=[MinValueValidator(SALARY_MONTHS_MIN), MaxValueValidator(SALARY_MONTHS_MAX)],
    )
    salary_negotiable = models.BooleanField(
        _("salary negotiable"),
        default=False,
        db_default=False,
        help_text=_("The careers site says “negotiable” instead of the range."),
    )
    education_required = models.CharField(
        _("education required"),
        max_length=20,
        choices=Education.choices,
        default=Education.ANY,
        db_default=Education.ANY,
    )
    experience_required = models.CharField(
        _("experience required"),
        max_length=20,
        choices=Experience.choices,
        default=Experience.ANY,
        db_default=Experience.ANY,
    )
    # Applications are taken to the end of this day, in the company's time zone.
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    phone_required = models.BooleanField(
        _("phone number required"),
        default=True,
        db_default=True,
        help_text=_("Applicants on the careers site must give a mobile number."),
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]
        constraints = [
            # Job.clean() says why; the database keeps a raw write honest too.
            models.CheckConstraint(
                condition=Q(salary_min_k__isnull=True)
                | Q(salary_max_k__isnull=True)
                | Q(salary_min_k__lte=models.F("salary_max_k")),
                name="recruiting_job_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(
                    salary_months__gte=SALARY_MONTHS_MIN, salary_months__lte=SALARY_MONTHS_MAX
                ),
                name="recruiting_job_salary_months_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    weight_ai_interview__lte=100,
                    weight_written_test__lte=100,
                    weight_resume_match__lte=100,
                )
                & models.Q(
                    weight_ai_interview=100
                    - models.F("weight_written_test")
                    - models.F("weight_resume_match")
                ),
                name="recruiting_job_weights_add_up_to_100",
            ),
        ]
        # An open job is on the public careers site: publishing is HR's decision.
        permissions = [("publish_job", _("Can open a job to the public careers site"))]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        position = self.position if self.position_id is not None else None
        if position is not None and position.department_id != self.department_id:
            raise ValidationError({"position": _("The position belongs to another department.")})
        posting_validate(
            salary_min_k=self.salary_min_k,
            salary_max_k=self.salary_max_k,
            salary_negotiable=self.salary_negotiable,
            application_deadline=self.application_deadline,
            today=timezone.localdate(),
        )

    @property
    def experience_min_years(self) -> int:
        """The fewest years of experience the job asks for (0 for any or new graduates)."""
        return EXPERIENCE_MIN_YEARS.get(Experience(self.experience_required), 0)


class StageQuerySet(ScopedQuerySet["Stage"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "StageQuerySet":
        return self.filter(job__in=Job.objects.all().scope_for(user, roles))


class Stage(models.Model):
    """One step of a job's pipeline, in order."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    # AI-interview stages: the vendor connection and its test/position to invite to
    # (blank: the only active connection and its default test).
    vendor_connection = models.ForeignKey(
        "integrations.VendorConnection",
        verbose_name=_("vendor connection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vendor_test_id = models.CharField(
        _("vendor test / position"), max_length=128, blank=True, db_default=""
    )

    objects = StageQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"],
                name="recruiting_stage_position",
                # Reordering swaps positions inside one transaction.
                deferrable=models.Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return self.name
