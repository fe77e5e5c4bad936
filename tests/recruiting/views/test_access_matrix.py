"""Every recruiting page x every role: who sees which job's data (docs/RELIABILITY.md row 18).

Objects outside a user's scope answer 404, exactly like ids that do not exist.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Job, ResumeFieldSuggestion
from recruiting.services.applications import application_reject
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason
from tests.recruiting.services.test_resume_attach import docx

pytestmark = pytest.mark.django_db


@dataclass
class World:
    job: Job
    application: Application
    pooled: Application
    users: dict[str, object]


@pytest.fixture
def world() -> World:
    """Job X with its team, job Y with another team, and people with no job."""
    job_x, job_y = JobFactory(), JobFactory()
    application = ApplicationFactory(job=job_x)
    pooled = ApplicationFactory(job=job_x)
    application_reject(application=pooled, reason=reason())
    resume_attach(candidate=application.candidate, name="cv.docx", data=docx())
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "recruiter_x": UserFactory(roles=[Role.RECRUITER]),
        "recruiter_y": UserFactory(roles=[Role.RECRUITER]),
        "manager_x": UserFactory(roles=[Role.HIRING_MANAGER]),
        "manager_y": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
        "employee": UserFactory(roles=[Role.EMPLOYEE]),
    }
    job_x.recruiters.add(users["recruiter_x"])
    job_x.hiring_managers.add(users["manager_x"])
    job_y.recruiters.add(users["recruiter_y"])
    job_y.hiring_managers.add(users["manager_y"])
    return World(job_x, application, pooled, users)


READERS = {"hr_admin", "recruiter_x", "manager_x"}
WORKERS = {"hr_admin", "recruiter_x"}
EVERYONE = [
    "hr_admin",
    "recruiter_x",
    "recruiter_y",
    "manager_x",
    "manager_y",
    "interviewer",
    "employee",
]


def _pages(world: World) -> list[tuple[str, str, str, dict, set[str]]]:
    """(label, method, url, data, users allowed)."""
    job, application = world.job, world.application
    candidate = application.candidate
    resume = candidate.resumes.get()
    stage = job.stages.get(position=1)
    suggestion, _ = ResumeFieldSuggestion.objects.get_or_create(
        resume=resume, field="city", defaults={"value": "上海"}
    )
    return [
        ("board", "get", reverse("recruiting:job-board", args=[job.pk]), {}, READERS),
        ("cards", "get", reverse("recruiting:board-cards", args=[job.pk, stage.pk]), {}, READERS),
        ("scores", "get", reverse("recruiting:score-sheet", args=[job.pk]), {}, READERS),
        (
            "profile",
            "get",
            reverse("recruiting:candidate-detail", args=[candidate.pk]),
            {},
            READERS,
        ),
        ("resume", "get", reverse("recruiting:resume-download", args=[resume.pk]), {}, READERS),
        ("edit", "get", reverse("recruiting:job-edit", args=[job.pk]), {}, WORKERS),
        ("pipeline", "get", reverse("recruiting:job-stages", args=[job.pk]), {}, WORKERS),
        (
            "move",
            "post",
            reverse("recruiting:board-move", args=[job.pk]),
            {"application": application.pk, "stage": stage.pk},
            WORKERS,
        ),
        (
            "tags",
            "post",
            reverse("recruiting:candidate-tags", args=[candidate.pk]),
            {"tags": "x"},
            WORKERS,
        ),
        (
            "weights",
            "post",
            reverse("recruiting:score-weights", args=[job.pk]),
            {"ai_interview": 50, "written_test": 30, "resume_match": 20},
            WORKERS,
        ),
        (
            "written",
            "post",
            reverse("recruiting:written-test", args=[application.pk]),
            {"score": "70"},
            WORKERS,
        ),
        (
            "resume field",
            "post",
            reverse("recruiting:resume-field-decide", args=[suggestion.pk]),
            {"action": "dismiss"},
            WORKERS,
        ),
    ]


@pytest.mark.parametrize("who", EVERYONE)
def test_each_role_reaches_exactly_its_jobs_pages(client, world, who):
    client.force_login(world.users[who])
    for label, method, url, data, allowed in _pages(world):
        response = getattr(client, method)(url, data)
        if who in allowed:
            assert response.status_code in (200, 302), (label, who, response.status_code)
        else:
            assert response.status_code == 404, (label, who, response.status_code)


@pytest.mark.parametrize("who", EVERYONE)
def test_lists_show_only_the_roles_jobs_and_people(client, world, who):
    client.force_login(world.users[who])
    name = world.application.candidate.full_name
    title = world.job.title

    jobs = client.get(reverse("recruiting:job-list"))
    candidates = client.get(reverse("recruiting:candidate-list"))
    pool = client.get(reverse("recruiting:talent-pool"))

    if who in READERS:
        assert title in jobs.content.decode()
        assert name in candidates.content.decode()
        assert world.pooled.candidate.full_name in pool.content.decode()
    elif who in ("recruiter_y", "manager_y"):
        assert title not in jobs.content.decode()
        assert name not in candidates.content.decode()
        assert world.pooled.candidate.full_name not in pool.content.decode()
    else:
        assert {jobs.status_code, candidates.status_code, pool.status_code} == {404}


def test_unknown_ids_look_the_same_as_foreign_ones(client, world):
    client.force_login(world.users["recruiter_y"])
    foreign = client.get(reverse("recruiting:job-board", args=[world.job.pk]))
    missing = client.get(reverse("recruiting:job-board", args=[10**9]))
    assert foreign.status_code == missing.status_code == 404
