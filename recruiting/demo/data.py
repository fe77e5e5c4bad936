"""The demo's data, made once: `make demo` calls demo_data_ensure on every start.

The first start seeds jobs, candidates and their history (recruiting.seeding),
writes them in the demo's language, adds the jobs' screening questions and
what HR has done with some candidates (stories). A later start finds all of
it there and adds nothing, so the trickle (recruiting.demo.trickle) simply
resumes on top of what the last run left.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from recruiting.demo.attendance import DemoTime, demo_time_ensure
from recruiting.demo.employees import DemoEmployees, demo_employees_ensure
from recruiting.demo.language import demo_data_in_english
from recruiting.demo.payroll import DemoPayroll, demo_payroll_ensure
from recruiting.demo.questions import demo_questions_ensure
from recruiting.demo.stories import StoriesMade, demo_stories_ensure
from recruiting.models import Candidate, Job
from recruiting.seeding.builder import seed_database
from recruiting.services.jobs import job_update

SEEDED_APPLICATIONS = 300
# Last year's hiring drive at the plant (recruiting.seeding.drive): about a hundred
# hires, who joined before the last closed half-year and are reviewed in it.
DRIVE_APPLICATIONS = 3300
# Campus hiring runs in autumn: the demo's campus posts close about two months out.
CAMPUS_SEASON_LEFT = timedelta(days=60)
EXPERIENCED_ASKS = (Job.Experience.YEARS_1_3, Job.Experience.YEARS_3_5, Job.Experience.YEARS_5_10)


@dataclass(frozen=True)
class DemoData:
    seeded: bool
    jobs_with_new_questions: int
    stories: StoriesMade
    employees: DemoEmployees
    attendance: DemoTime
    payroll: DemoPayroll


def demo_data_ensure(
    *, language: str, applications: int = SEEDED_APPLICATIONS, drive: int = DRIVE_APPLICATIONS
) -> DemoData:
    """Seed an empty database in `language` (zh-hans or en); complete what is missing."""
    seeded = not Candidate.objects.exists() and not Job.objects.exists()
    if seeded:
        # The stories send the offers of those waiting at the offer stage.
        seed_database(
            applications=applications, drive=drive, now=timezone.now(), waiting_offers=False
        )
        if language == "en":
            demo_data_in_english()
    demo_job_basics_fill()
    questions = demo_questions_ensure(language=language)
    stories = demo_stories_ensure()
    # After the stories: the hiring stories answer offers the stories sent.
    employees = demo_employees_ensure(language=language)
    # After the employees and the plant's supervisor: their leave, shifts and punches.
    attendance = demo_time_ensure(language=language)
    # After attendance: the runs read its overtime and unpaid leave.
    payroll = demo_payroll_ensure(today=timezone.localdate())
    return DemoData(seeded, questions, stories, employees, attendance, payroll)


def demo_job_basics_fill(*, today: date | None = None) -> int:
    """Give the demo jobs what Chinese job posts show: pay in k a month with 薪数, the
    education and experience asked for, and for campus jobs a deadline at the end of the
    autumn season. Only jobs without a pay range are filled, so a second `make demo`
    changes nothing; the number of jobs filled."""
    today = today or timezone.localdate()
    filled = 0
    bare = Job.objects.filter(salary_min_k__isnull=True, salary_negotiable=False)
    for job in bare.order_by("pk"):
        # The same job gets the same post on every machine: made-up data, not secrets.
        rng = random.Random(job.pk)  # noqa: S311
        campus = job.channel == Job.Channel.CAMPUS
        low = rng.choice((8, 10, 12)) if campus else rng.choice((12, 15, 18, 20, 25))
        job_update(
            job=job,
            salary_min_k=low,
            salary_max_k=low + (4 if campus else rng.choice((8, 10, 15))),
            salary_months=rng.choice((13, 14, 15, 16)),
            education_required=Job.Education.BACHELOR,
            experience_required=(
                Job.Experience.GRADUATE if campus else rng.choice(EXPERIENCED_ASKS)
            ),
            application_deadline=today + CAMPUS_SEASON_LEFT if campus else None,
        )
        filled += 1
    return filled
