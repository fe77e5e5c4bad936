"""A job's China basics through the API: set on create, changed with PATCH, judged by Job.clean."""

from typing import Any

import pytest
from django.urls import reverse

from hrflow.core.models import AuditEvent
from recruiting.models import Job
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import campus_template

pytestmark = pytest.mark.django_db

POSTING = {
    "salary_min_k": 15,
    "salary_max_k": 25,
    "salary_months": 13,
    "salary_negotiable": False,
    "education_required": "bachelor",
    "experience_required": "3_5",
    "application_deadline": "2027-01-31",
    "phone_required": False,
}


def _job_body(world: World, **changes: Any) -> dict[str, Any]:
    body = {
        "title": "算法工程师",
        "department": world.job_x.department_id,
        "channel": "experienced",
        "template": campus_template().pk,
        **POSTING,
    }
    body.update(changes)
    return body


def test_create_keeps_the_posting_basics_and_shows_them(world: World) -> None:
    client = token_client(world.users["hr_admin"])

    response = client.post(reverse("api:job-list"), _job_body(world), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {name: body[name] for name in POSTING} == POSTING
    job = Job.objects.get(pk=body["id"])
    assert (job.salary_min_k, job.salary_max_k, job.phone_required) == (15, 25, False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"salary_min_k": 30, "salary_max_k": 20}, "salary_max_k"),
        ({"salary_max_k": None}, "salary_max_k"),  # the missing end is named
        ({"salary_min_k": -1}, "salary_min_k"),
        ({"salary_max_k": 5000}, "salary_max_k"),
        ({"salary_months": 30}, "salary_months"),
        ({"salary_months": "13薪"}, "salary_months"),
        ({"education_required": "本科"}, "education_required"),
        ({"experience_required": "3-5"}, "experience_required"),
        ({"application_deadline": "2027-02-30"}, "application_deadline"),
        ({"application_deadline": "2099-01-01"}, "application_deadline"),
    ],
)
def test_create_refuses_bad_posting_basics_on_their_field(
    world: World, changes: dict[str, Any], field: str
) -> None:
    client = token_client(world.users["hr_admin"])
    count = Job.objects.count()

    response = client.post(reverse("api:job-list"), _job_body(world, **changes), format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert Job.objects.count() == count


def test_patch_changes_the_posting_with_an_audit_row(world: World) -> None:
    client = token_client(world.users["recruiter_x"])
    url = reverse("api:job-detail", args=[world.job_x.pk])

    response = client.patch(
        url, {"salary_min_k": 20, "salary_max_k": 30, "salary_months": 14}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["salary_max_k"], response.json()["salary_months"]) == (30, 14)
    world.job_x.refresh_from_db()
    assert (world.job_x.salary_min_k, world.job_x.salary_max_k) == (20, 30)
    assert AuditEvent.objects.filter(
        action="recruiting.job_update", target_id=str(world.job_x.pk)
    ).exists()


def test_patch_with_a_reversed_range_changes_nothing(world: World) -> None:
    client = token_client(world.users["hr_admin"])
    url = reverse("api:job-detail", args=[world.job_x.pk])
    client.patch(url, {"salary_min_k": 10, "salary_max_k": 20}, format="json")

    response = client.patch(url, {"salary_min_k": 25}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "salary_max_k": ["The highest salary cannot be below the lowest salary."]
    }
    world.job_x.refresh_from_db()
    assert (world.job_x.salary_min_k, world.job_x.salary_max_k) == (10, 20)


def test_patch_ignores_fields_it_does_not_take(world: World) -> None:
    client = token_client(world.users["hr_admin"])

    response = client.patch(
        reverse("api:job-detail", args=[world.job_x.pk]),
        {"title": "改名", "status": "closed", "salary_months": 13},
        format="json",
    )

    assert response.status_code == 200
    world.job_x.refresh_from_db()
    assert (world.job_x.title, world.job_x.status) != ("改名", "closed")
    assert world.job_x.salary_months == 13


@pytest.mark.parametrize(
    ("who", "status"),
    [("recruiter_y", 404), ("hiring_manager_x", 403), ("employee", 404), ("anonymous", 401)],
)
def test_only_the_jobs_team_and_hr_may_patch(world: World, who: str, status: int) -> None:
    response = token_client(world.users[who]).patch(
        reverse("api:job-detail", args=[world.job_x.pk]), {"salary_months": 15}, format="json"
    )

    assert response.status_code == status
    world.job_x.refresh_from_db()
    assert world.job_x.salary_months == 12
