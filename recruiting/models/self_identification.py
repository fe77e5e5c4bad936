"""Voluntary demographic self-identification, kept apart from the candidate record.

A candidate may give it when applying (the careers site); it is used only for
fairness reports - selection rates per group and their impact ratio - and only
ever read in aggregate (recruiting.screening.fairness). No page shows one
person's answers, so the manager is deliberately not scoped for display.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

UNDISCLOSED = "undisclosed"


class SelfIdentification(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another gender")
        UNDISCLOSED = UNDISCLOSED, _("Prefer not to say")

    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", _("Under 25")
        FROM_25 = "25_34", _("25-34")
        FROM_35 = "35_44", _("35-44")
        FROM_45 = "45_54", _("45-54")
        FROM_55 = "55_plus", _("55 and over")
        UNDISCLOSED = UNDISCLOSED, _("Prefer not to say")

    class Ethnicity(models.TextChoices):
        HAN = "han", _("Han")
        MINORITY = "minority", _("An ethnic minority")
        UNDISCLOSED = UNDISCLOSED, _("Prefer not to say")

    class Disability(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNDISCLOSED = UNDISCLOSED, _("Prefer not to say")

    candidate = models.OneToOneField(
        "recruiting.Candidate", on_delete=models.CASCADE, related_name="self_identification"
    )
    gender = models.CharField(
        _("gender"), max_length=12, choices=Gender.choices, default=UNDISCLOSED
    )
    age_band = models.CharField(
        _("age"), max_length=12, choices=AgeBand.choices, default=UNDISCLOSED
    )
    ethnicity = models.CharField(
        _("ethnicity"), max_length=12, choices=Ethnicity.choices, default=UNDISCLOSED
    )
    disability = models.CharField(
        _("disability"), max_length=12, choices=Disability.choices, default=UNDISCLOSED
    )
    provided_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("voluntary self-identification")
        verbose_name_plural = _("voluntary self-identifications")
        indexes = [
            # What changed since a moment (the analytics refresh, every few minutes).
            models.Index(fields=["provided_at"], name="recruiting_selfid_provided"),
        ]

    def __str__(self) -> str:
        return f"self-identification #{self.pk}"


# The questions a fairness report can group by, in display order.
FAIRNESS_DIMENSIONS = ("gender", "age_band", "ethnicity", "disability")
