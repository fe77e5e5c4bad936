"""Skills requirements and training: what a position needs, the courses that build it,
their sessions and seats, enrolments, and the certificates finished courses give.

A gap is the position's required level of a competency minus the employee's current
level (read from their skill evidence). Courses name the competencies they build; a
finished enrolment adds skill evidence (source training) and, where the course
certifies, a certificate that may expire. A position may require a course's
certificate: without a valid one the person is not cleared for that work.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.competencies.models import COMPETENCY_LEVELS_MAX
from hrflow.core.bilingual import in_reader_language
from hrflow.core.models import BaseModel


class CompetencyRequirement(models.Model):
    """The level a position, or every position of a job family, needs in a competency.

    Exactly one of position and job family is set; a position's own requirement wins
    over its family's."""

    position = models.ForeignKey(
        "employees.Position",
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requirements",
    )
    job_family = models.CharField(_("job family"), max_length=80, blank=True)
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    level = models.PositiveSmallIntegerField(
        _("required level"),
        validators=[MinValueValidator(1), MaxValueValidator(COMPETENCY_LEVELS_MAX)],
    )

    class Meta:
        verbose_name = _("competency requirement")
        verbose_name_plural = _("competency requirements")
        constraints = [
            models.CheckConstraint(
                condition=(Q(position__isnull=False) & Q(job_family=""))
                | (Q(position__isnull=True) & ~Q(job_family="")),
                name="employees_requirement_one_owner",
            ),
            models.UniqueConstraint(
                fields=["position", "competency"],
                condition=Q(position__isnull=False),
                name="employees_requirement_position_once",
            ),
            models.UniqueConstraint(
                fields=["job_family", "competency"],
                condition=Q(position__isnull=True),
                name="employees_requirement_family_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position_id or self.job_family}:{self.competency_id}≥{self.level}"


class CourseQuerySet(ScopedQuerySet["Course"]):
    """The catalogue is for everyone signed in: employees browse it."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "CourseQuerySet":
        return self.all()


class Course(BaseModel):
    class Delivery(models.TextChoices):
        ONLINE = "online", _("Online")
        CLASSROOM = "classroom", _("Classroom")

    class Provider(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_name = models.CharField(_("provider name"), max_length=160, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    # A course may certify (特种作业操作证 ...); the certificate lapses after this many
    # months, or never when empty.
    certificate_name = models.CharField(_("certificate"), max_length=160, blank=True)
    certificate_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self.title_zh, self.title_en)


class CourseCompetency(models.Model):
    """A competency a course builds, and the level a finished course attests."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="builds")
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.PROTECT, related_name="courses"
    )
    level = models.PositiveSmallIntegerField(
        _("level attested"),
        validators=[MinValueValidator(1), MaxValueValidator(COMPETENCY_LEVELS_MAX)],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="employees_builds_once")
        ]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.competency_id}={self.level}"


class CertificateRequirement(models.Model):
    """Work in this position needs a valid certificate of this course."""

    position = models.ForeignKey(
        "employees.Position", on_delete=models.CASCADE, related_name="certificate_requirements"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["position", "course"], name="employees_certificate_requirement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position_id}:{self.course_id}"


class CourseSession(BaseModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=160, blank=True)
    trainer = models.CharField(_("trainer"), max_length=120, blank=True)
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="employees_session_order"
            )
        ]


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "EnrolmentQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class Enrolment(BaseModel):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", pgettext_lazy("enrolment", "Completed")
        CANCELLED = "cancelled", pgettext_lazy("enrolment", "Cancelled")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    session = models.ForeignKey(
        CourseSession, null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default="enrolled"
    )
    # Why: "suggested: safety awareness in the bottom 30 % of the pool", or by hand.
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result = models.DecimalField(
        _("result (0-100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at"]
        constraints = [
            # One live enrolment per person and course; finished ones stay as history.
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(status="enrolled"),
                name="employees_enrolment_open_once",
            )
        ]


class CertificateQuerySet(ScopedQuerySet["Certificate"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "CertificateQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class Certificate(models.Model):
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    name = models.CharField(_("certificate"), max_length=160)
    number = models.CharField(_("number"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Set once the 30-day warning went out, so it goes once.
    warned_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["employee", "-issued_on"]
        indexes = [models.Index(fields=["expires_on"], name="employees_cert_expiry")]

    def __str__(self) -> str:
        return self.name


class TrainingSettings(BaseModel):
    """The company's training policy: one row (pk 1), made with its defaults when first read."""

    # An AI-interview score in the bottom this-many percent of the applicant pool
    # suggests training even when the position asks for nothing: the issue's "bottom
    # 30 %" is a company's choice, not a law.
    weak_pool_percentile = models.PositiveSmallIntegerField(
        _("weak below pool percentile"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    # Days before a certificate lapses that its holder and their manager are told.
    certificate_warn_days = models.PositiveSmallIntegerField(
        _("warn before a certificate expires (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("training settings")
        verbose_name_plural = _("training settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "TrainingSettings":
        return cls.objects.get_or_create(pk=1)[0]
