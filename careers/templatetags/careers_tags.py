"""How a job's China basics read on the careers site: "15k–25k · 13薪", "本科", "3-5年"."""

from dataclasses import dataclass
from datetime import date

from django import template
from django.utils.translation import gettext as _

from recruiting.models import Job
from recruiting.models.job_posting import SALARY_MONTHS_MIN
from recruiting.selectors.careers import careers_job_takes_applications

register = template.Library()


@dataclass(frozen=True)
class JobFact:
    """One short fact shown as a pill; `key` names it for styling and tests."""

    key: str
    text: str


@dataclass(frozen=True)
class JobFacts:
    salary: str  # "" when the job gives none
    pills: list[JobFact]


@register.simple_tag
def job_facts(job: Job, today: date) -> JobFacts:
    """The pay, education, experience and deadline of a job, in the page's language."""
    pills = [
        JobFact("education", education_text(job)),
        JobFact("experience", experience_text(job)),
    ]
    deadline = job.application_deadline
    if not careers_job_takes_applications(job, today=today):
        pills.append(JobFact("closed", _("Applications closed")))
    elif deadline is not None:
        pills.append(JobFact("deadline", _("Apply by %(date)s") % {"date": deadline.isoformat()}))
    return JobFacts(salary=salary_text(job), pills=pills)


def salary_text(job: Job) -> str:
    """ "¥15k–25k/month · 13 months" ("15k–25k · 13薪"), "negotiable", or "" when not given."""
    if job.salary_negotiable:
        return _("Salary negotiable")
    low, high = job.salary_min_k, job.salary_max_k
    if low is None or high is None:
        return ""
    if low == high:
        monthly = _("¥%(pay)sk/month") % {"pay": low}
    else:
        monthly = _("¥%(low)sk–%(high)sk/month") % {"low": low, "high": high}
    if job.salary_months <= SALARY_MONTHS_MIN:
        return monthly
    months = _("%(months)d months") % {"months": job.salary_months}
    return f"{monthly} · {months}"


def education_text(job: Job) -> str:
    if job.education_required == Job.Education.ANY:
        return _("Any education")
    return job.get_education_required_display()


def experience_text(job: Job) -> str:
    if job.experience_required == Job.Experience.ANY:
        return _("Any experience")
    return job.get_experience_required_display()
