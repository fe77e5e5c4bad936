"""Performance reviews: cycles, templates with weighted sections, reviews and their answers.

A cycle (quarterly, half-year, annual, probation) is opened for a set of employees; each
gets one `Review` built from the cycle's template (or their department's). A template's
sections carry weights that sum to 100 %: KPI goals (scored from metric values by
bands), competencies (rated on the catalogue's levels) and free comments (weight 0).
The self and manager reviews are answers by their authors; peer and upward reviewers
are `ReviewerAssignment`s whose answers are shown only pooled, and only once enough of
them answered (`ReviewCycle.anonymity_minimum`, 3 by default), never attributed.
"""

from decimal import Decimal

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
from hrflow.core.models import BaseModel

# A rating is given on 1..RATING_MAX (the common five-point scale); the computed score of
# a review is a percentage 0..100 that the rating bands of the cycle turn into a rating.
RATING_MAX = 5


def default_rating_bounds() -> list[int]:
    """The company's usual cut-offs: 90 % for a 5, 75 % for a 4, 60 % for a 3, 40 % for a 2."""
    return [90, 75, 60, 40]


class ReviewTemplate(BaseModel):
    """Weighted sections a review is made of; per cycle, or per department as default."""

    name = models.CharField(_("name"), max_length=120)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Reviews of this department's people use it unless the cycle names one."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("review template")
        verbose_name_plural = _("review templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SectionKind(models.TextChoices):
    KPI = "kpi", _("KPI goals")
    COMPETENCIES = "competencies", _("Competencies")
    COMMENTS = "comments", _("Comments")


class TemplateSection(models.Model):
    template = models.ForeignKey(ReviewTemplate, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices)
    title = models.CharField(_("title"), max_length=120)
    # Percent of the review's score; comments weigh nothing. Sums to 100 per template
    # (checked by the service that saves a template, which sees all sections at once).
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # The catalogue competencies rated in a competencies section.
    competencies = models.ManyToManyField(
        "competencies.Competency", verbose_name=_("competencies"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class CycleKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEAR = "half_year", _("Half-year")
    ANNUAL = "annual", _("Annual")
    PROBATION = "probation", _("Probation")


class ReviewCycleQuerySet(ScopedQuerySet["ReviewCycle"]):
    """Cycles are the company's calendar: every signed-in role may read that one exists."""

    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "ReviewCycleQuerySet":
        return self.all()


class ReviewCycle(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("review cycle", "Open")
        CALIBRATION = "calibration", _("Calibration")
        CLOSED = "closed", pgettext_lazy("review cycle", "Closed")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CycleKind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    template = models.ForeignKey(
        ReviewTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: each department's template."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="open")
    self_review = models.BooleanField(_("self review"), default=True)
    peer_review = models.BooleanField(_("peer review"), default=False)
    upward_review = models.BooleanField(_("upward review"), default=False)
    # Peer and upward answers stay hidden until at least this many reviewers answered.
    anonymity_minimum = models.PositiveSmallIntegerField(
        _("fewest answers shown"), default=3, validators=[MinValueValidator(3)]
    )
    # The least computed score (%) for ratings 5, 4, 3 and 2; anything lower is 1.
    rating_bounds = models.JSONField(_("score needed per rating"), default=default_rating_bounds)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ReviewCycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="employees_cycle_period",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ReviewQuerySet(ScopedQuerySet["Review"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "ReviewQuerySet":
        # The manager the review names keeps it after a transfer: they write it.
        return self.filter(
            visible_employee_filter(user, prefix="employee__") | Q(manager__user_id=user.pk)
        )


class Review(BaseModel):
    """One employee's review in one cycle: the computed score, the manager's rating, the
    calibrated and final rating (locked when the cycle closes), and the acknowledgement."""

    class Stage(models.TextChoices):
        SELF = "self", _("Self review")
        MANAGER = "manager", _("Manager review")
        CALIBRATION = "calibration", _("Calibration")
        FINISHED = "finished", _("Finished")

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reviews")
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="reviews"
    )
    # Who reviews, as of the cycle's opening (a later manager change does not move it).
    manager = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews_to_write",
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(ReviewTemplate, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default="self")
    score = models.DecimalField(
        _("computed score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    manager_rating = models.PositiveSmallIntegerField(
        _("manager's rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(RATING_MAX)],
    )
    final_rating = models.PositiveSmallIntegerField(
        _("final rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(RATING_MAX)],
    )
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    manager_submitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["cycle", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="employees_review_once"),
        ]
        indexes = [models.Index(fields=["cycle", "department"], name="employees_review_dept")]

    def __str__(self) -> str:
        return f"{self.cycle_id}:{self.employee_id}"


class Calibration(models.Model):
    """HR moving a rating in calibration: old, new and why. Never edited."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="calibrations")
    old_rating = models.PositiveSmallIntegerField(null=True)
    new_rating = models.PositiveSmallIntegerField()
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.old_rating} -> {self.new_rating}"


class ReviewerKind(models.TextChoices):
    SELF = "self", _("Self")
    MANAGER = "manager", _("Manager")
    PEER = "peer", _("Peer")
    UPWARD = "upward", _("Upward")


class ReviewerAssignment(models.Model):
    """A peer or upward reviewer asked for their view of one review.

    Who was asked is HR's business (to remind them); what they answered is stored
    without the link back (`ReviewAnswer.reviewer_kind` only), so an answer can never
    be attributed, not even by a database reader joining tables."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewers")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews_asked"
    )
    kind = models.CharField(max_length=10, choices=ReviewerKind.choices)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "reviewer"], name="employees_reviewer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.kind}"


class ReviewAnswer(models.Model):
    """One rating or comment on one item of a review, by one kind of reviewer.

    Self and manager answers name their author (they are who they are); peer and
    upward answers do not."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    reviewer_kind = models.CharField(max_length=10, choices=ReviewerKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey(
        "competencies.Competency", null=True, on_delete=models.PROTECT, related_name="+"
    )
    goal = models.ForeignKey(
        "employees.Goal", null=True, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review", "section", "pk"]
        indexes = [models.Index(fields=["review", "reviewer_kind"], name="employees_answer_kind")]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.reviewer_kind}:{self.section_id}"
