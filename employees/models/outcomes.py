"""Outcomes: what happened to a person after hire, frozen for analytics.

"Did the AI scores predict performance?" needs the outcome side as plain rows: a closed
review's final rating with its KPI results and competency ratings, a probation decided,
a person leaving (voluntary or not, and why). Each is written once by the service that
decides it, with the date it happened; a later event adds a row, none is edited.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from employees.models.scoping import visible_employee_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet


class OutcomeQuerySet(ScopedQuerySet["Outcome"]):
    def scope_for(self, user: AbstractBaseUser, roles: frozenset[Role]) -> "OutcomeQuerySet":
        return self.filter(visible_employee_filter(user, prefix="employee__"))


class Outcome(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", _("Performance review")
        PROBATION = "probation", _("Probation")
        LEAVING = "leaving", _("Leaving")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    review = models.OneToOneField(
        "employees.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cycle_kind = models.CharField(max_length=20, blank=True)
    rating = models.PositiveSmallIntegerField(_("final rating"), null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # Probation: passed or not; leaving: voluntary or not.
    passed = models.BooleanField(null=True)
    voluntary = models.BooleanField(null=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # {"kpi": [{"metric": code, "actual": "2", "target": "2", "score": "100"}],
    #  "competencies": [{"competency": code, "rating": 4}]}
    details = models.JSONField(default=dict, blank=True)
    # What decided it ("employees.probationreview:7"), unique: recorded once.
    origin_ref = models.CharField(max_length=80, unique=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["employee", "occurred_on", "pk"]
        indexes = [models.Index(fields=["kind", "occurred_on"], name="employees_outcome_kind")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.employee_id}:{self.occurred_on}"
