"""Measured outcomes: metrics (safety incidents, output per shift ...), their values per
employee and day, and the KPI goals of a review that are scored from them by bands."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.bilingual import in_reader_language
from hrflow.core.models import BaseModel


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Aggregation(models.TextChoices):
    """How a period's values become the one figure a goal is scored on."""

    SUM = "sum", _("Sum over the period")
    MEAN = "mean", _("Mean over the period")
    LAST = "last", _("Latest value in the period")


class Metric(BaseModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default="sum"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["code"]

    def __str__(self) -> str:
        return in_reader_language(self.name_zh, self.name_en)


class MetricImport(models.Model):
    """One accepted metric file: who sent it, how many rows. A refused file stores nothing."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class MetricValueQuerySet(ScopedQuerySet["MetricValue"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "MetricValueQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class MetricValue(models.Model):
    """One employee's value of one metric on one day. The same (metric, employee, day)
    sent again replaces the value, audited with old and new."""

    class Source(models.TextChoices):
        IMPORT = "import", _("File import")
        API = "api", _("API")
        MANUAL = "manual", _("Entered by hand")

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values")
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="metric_values"
    )
    on = models.DateField(_("day"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    batch = models.ForeignKey(
        MetricImport, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = MetricValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")
        ordering = ["metric", "employee", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "employee", "on"], name="employees_metric_value_once"
            )
        ]
        indexes = [models.Index(fields=["employee", "metric", "on"], name="employees_mv_emp")]

    def __str__(self) -> str:
        return f"{self.metric_id}:{self.employee_id}:{self.on}={self.value}"


class Goal(models.Model):
    """A KPI goal of one review: a metric, a target and scoring bands.

    `bands` is a list of [bound, percent] pairs read in order: for a lower-is-better
    metric the first band whose bound the value does not exceed gives the percent
    ([[2, 100], [3, 60]] → ≤ 2 full, 3 → 60 %, more → 0); for higher-is-better the
    first band whose bound the value reaches. Past every band the score is 0."""

    review = models.ForeignKey("employees.Review", on_delete=models.CASCADE, related_name="goals")
    section = models.ForeignKey(
        "employees.TemplateSection", on_delete=models.PROTECT, related_name="+"
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="goals")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    bands = models.JSONField(_("scoring bands"), default=list)
    # Share of the KPI section this goal carries; a section's goals sum to 100.
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2, default=100)
    # Filled when the review is scored (and again until the cycle closes).
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id}:{self.metric_id}"
