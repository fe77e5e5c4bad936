"""What was read from a resume, waiting for HR: one suggested value per field and resume."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel


class ResumeFieldSuggestionQuerySet(ScopedQuerySet["ResumeFieldSuggestion"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "ResumeFieldSuggestionQuerySet":
        # Whoever may see the resume may see what was read from it.
        return self.filter(resume__in=self.related_scope("resume", user, roles))


class ResumeFieldSuggestion(BaseModel):
    """A value read from a resume (parsed from resume X), for HR to confirm, edit or dismiss.

    Never written over what the candidate typed: confirming copies the value
    (as HR left it) into the profile and records who and when.
    """

    class Field(models.TextChoices):
        CITY = "city", _("City")
        SCHOOL = "school", _("School")
        DEGREE = "degree", _("Degree")
        MAJOR = "major", pgettext_lazy("field of study", "Major")
        GRADUATION_YEAR = "graduation_year", _("Graduation year")
        CURRENT_TITLE = "current_title", _("Current title")
        YEARS_EXPERIENCE = "years_experience", _("Years of experience")

    class Status(models.TextChoices):
        PENDING = "pending", _("To confirm")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    resume = models.ForeignKey(
        "recruiting.Resume",
        verbose_name=_("resume"),
        on_delete=models.CASCADE,
        related_name="field_suggestions",
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    value = models.CharField(_("value read"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_default=Status.PENDING,
    )
    # The value HR confirmed, as edited; empty until confirmed.
    confirmed_value = models.CharField(_("value confirmed"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = ResumeFieldSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("field read from a resume")
        verbose_name_plural = _("fields read from resumes")
        ordering = ["resume", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["resume", "field"], name="recruiting_one_suggestion_per_resume_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.value}"
