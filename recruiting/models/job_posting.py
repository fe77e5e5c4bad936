"""What a job post in China always shows: pay, education, experience, a deadline.

The choices and rules live here so the staff form, the API, admin and the
careers site read the same ones: Job.clean() applies posting_problems(), and
every writer (job_create, job_update, a ModelForm) runs full_clean().
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The posting fields of Job, edited together on the staff form, the API and admin.
POSTING_FIELDS = (
    "salary_min_k",
    "salary_max_k",
    "salary_months",
    "salary_negotiable",
    "education_required",
    "experience_required",
    "application_deadline",
    "phone_required",
)
# Sanity limits, not policy: a monthly salary is given in thousands of yuan
# (15 means 15k), and more than 1,000k a month is a typo. China pays 12 months
# a year plus a bonus of up to about a year's salary paid as extra months.
SALARY_K_MAX = 1000
SALARY_MONTHS_MIN = 12
SALARY_MONTHS_MAX = 24
# A deadline further out than this is almost surely a typo (2062 for 2026).
DEADLINE_HORIZON = timedelta(days=2 * 366)


class Education(models.TextChoices):
    """The lowest degree a job asks for, in rising order (学历要求)."""

    ANY = "any", pgettext_lazy("education required", "Any")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class Experience(models.TextChoices):
    """The work experience a job asks for (经验要求), as Chinese job boards band it."""

    ANY = "any", pgettext_lazy("experience required", "Any")
    GRADUATE = "graduate", _("New graduate")
    YEARS_1_3 = "1_3", _("1–3 years")
    YEARS_3_5 = "3_5", _("3–5 years")
    YEARS_5_10 = "5_10", _("5–10 years")
    YEARS_10_PLUS = "10_plus", _("10+ years")


# The fewest years of experience each band asks for (resume matching reads it).
EXPERIENCE_MIN_YEARS = {
    Experience.ANY: 0,
    Experience.GRADUATE: 0,
    Experience.YEARS_1_3: 1,
    Experience.YEARS_3_5: 3,
    Experience.YEARS_5_10: 5,
    Experience.YEARS_10_PLUS: 10,
}


def posting_problems(
    *,
    salary_min_k: Any,
    salary_max_k: Any,
    salary_negotiable: bool,
    application_deadline: date | None,
    today: date,
) -> dict[str, list[str]]:
    """What is wrong with a job's salary range and deadline, by field (empty: nothing).

    Each field's own bounds are its validators; this judges them together. No
    salary at all is allowed: the careers site then says nothing about pay.
    """
    problems: dict[str, list[str]] = {}
    given = [value for value in (salary_min_k, salary_max_k) if value is not None]
    if len(given) == 1:
        field = "salary_max_k" if salary_max_k is None else "salary_min_k"
        problems[field] = [str(_("Give both ends of the salary range, or neither."))]
    elif len(given) == 2 and salary_min_k > salary_max_k:
        problems["salary_max_k"] = [str(_("The highest salary cannot be below the lowest salary."))]
    if application_deadline is not None and application_deadline > today + DEADLINE_HORIZON:
        problems["application_deadline"] = [
            str(_("The deadline is more than two years away. Check the year."))
        ]
    return problems


def posting_validate(**values: Any) -> None:
    """posting_problems() as a ValidationError, for Job.clean()."""
    if problems := posting_problems(**values):
        raise ValidationError(problems)
