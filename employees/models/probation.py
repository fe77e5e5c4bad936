"""Probation reviews (试用期考核): one per contract and probation end date.

The daily task opens a review 14 days before the probation ends; the employee's
manager (or an HR admin) decides: passed, extended (a new end date within the
legal maximum, which opens the next review) or ended. The outcome stays on the
row for the analytics of what the AI scores predicted.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models.scoping import reports_filter
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class ProbationReviewQuerySet(ScopedQuerySet["ProbationReview"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "ProbationReviewQuerySet":
        # The manager's decision about a person: never shown to the person under review.
        return self.filter(reports_filter(user, prefix="employee__"))

    def open(self) -> "ProbationReviewQuerySet":
        return self.filter(outcome="")


class ProbationReview(BaseModel):
    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        EXTENDED = "extended", _("Extended")
        ENDED = "ended", pgettext_lazy("probation outcome", "Ended")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.PROTECT, related_name="probation_reviews"
    )
    contract = models.ForeignKey(
        "employees.Contract", on_delete=models.PROTECT, related_name="probation_reviews"
    )
    due_on = models.DateField(_("decide by"))
    ends_on = models.DateField(_("probation ends on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    new_end_date = models.DateField(_("new end of probation"), null=True, blank=True)

    objects = ProbationReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("probation review")
        verbose_name_plural = _("probation reviews")
        ordering = ["due_on", "pk"]
        constraints = [
            # One review per probation end: the daily task may run twice.
            models.UniqueConstraint(
                fields=["contract", "ends_on"], name="employees_probation_review_once"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="extended") | Q(new_end_date__isnull=False),
                name="employees_probation_extension_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(outcome=""), name="employees_probation_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} probation to {self.ends_on}"
