"""The demo's data, made once: `make demo` calls demo_data_ensure on every start.

The first start seeds jobs, candidates and their history (recruiting.seeding),
writes them in the demo's language, adds the jobs' screening questions and
what HR has done with some candidates (stories). A later start finds all of
it there and adds nothing, so the trickle (recruiting.demo.trickle) simply
resumes on top of what the last run left.
"""

from dataclasses import dataclass

from django.utils import timezone

from recruiting.demo.language import demo_data_in_english
from recruiting.demo.questions import demo_questions_ensure
from recruiting.demo.stories import StoriesMade, demo_stories_ensure
from recruiting.models import Candidate, Job
from recruiting.seeding.builder import seed_database

SEEDED_APPLICATIONS = 300


@dataclass(frozen=True)
class DemoData:
    seeded: bool
    jobs_with_new_questions: int
    stories: StoriesMade


def demo_data_ensure(*, language: str, applications: int = SEEDED_APPLICATIONS) -> DemoData:
    """Seed an empty database in `language` (zh-hans or en); complete what is missing."""
    seeded = not Candidate.objects.exists() and not Job.objects.exists()
    if seeded:
        seed_database(applications=applications, now=timezone.now())
        if language == "en":
            demo_data_in_english()
    demo_job_basics_fill()
    questions = demo_questions_ensure(language=language)
    return DemoData(seeded, questions, demo_stories_ensure())


def demo_job_basics_fill() -> None:
    """TODO(issue 14, point 14 - merge with the jobs helper's branch): give the demo jobs
    what Chinese job posts show, once their fields exist on Job: salary range in k
    (e.g. 15-25k), 薪数 (13-16 months), education requirement (本科 for campus jobs),
    experience requirement (应届 for campus, 3-5 years otherwise), an application
    deadline (campus: end of the autumn season) and the phone-required flag (on).
    Fill only jobs where these are empty, so a second `make demo` changes nothing."""
