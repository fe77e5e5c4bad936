"""Jobs through the API: create with a pipeline, change status, filter and order."""

from typing import Any

import pytest
from django.urls import reverse

from hrflow.core.models import AuditEvent
from recruiting.models import Job
from tests.hrflow.factories import DepartmentFactory
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import JobFactory, campus_template

pytestmark = pytest.mark.django_db


def _job_body(world: World, **changes: Any) -> dict[str, Any]:
    body = {
        "title": "算法工程师",
        "department": world.job_x.department_id,
        "channel": "experienced",
        "headcount": 2,
        "template": campus_template().pk,
    }
    body.update(changes)
    return body


def test_create_copies_the_template_pipeline(world: World) -> None:
    # Given an HR admin
    client = token_client(world.users["hr_admin"])

    # When they create a job from the campus template, naming its team
    response = client.post(
        reverse("api:job-list"),
        _job_body(world, recruiters=[world.users["recruiter_y"].pk]),
        format="json",
    )

    # Then a draft job exists with the template's stages, its team and an audit row
    assert response.status_code == 201, response.json()
    body = response.json()
    job = Job.objects.get(pk=body["id"])
    assert (body["status"], body["headcount"], body["channel"]) == ("draft", 2, "experienced")
    assert [stage["name"] for stage in body["stages"]] == [
        stage.name for stage in campus_template().stages.order_by("position")
    ]
    assert [person["id"] for person in body["recruiters"]] == [world.users["recruiter_y"].pk]
    assert AuditEvent.objects.filter(action="recruiting.job_create", target_id=str(job.pk)).exists()


def test_create_takes_explicit_stages(world: World) -> None:
    body = _job_body(world, template=None)
    del body["template"]
    body["stages"] = [
        {"name": "新申请", "kind": "applied"},
        {"name": "技术面", "kind": "interview"},
        {"name": "录用", "kind": "hired"},
    ]

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:job-list"), body, format="json"
    )

    assert response.status_code == 201, response.json()
    assert [(s["name"], s["kind"], s["position"]) for s in response.json()["stages"]] == [
        ("新申请", "applied", 0),
        ("技术面", "interview", 1),
        ("录用", "hired", 2),
    ]


def test_a_recruiters_new_job_is_theirs(world: World) -> None:
    """A recruiter who creates a job becomes its recruiter, so they can see it afterwards."""
    recruiter = world.users["recruiter_y"]
    client = token_client(recruiter)

    response = client.post(reverse("api:job-list"), _job_body(world), format="json")

    assert response.status_code == 201
    assert [person["id"] for person in response.json()["recruiters"]] == [recruiter.pk]
    detail = client.get(reverse("api:job-detail", kwargs={"pk": response.json()["id"]}))
    assert detail.status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"stages": [{"name": "面试", "kind": "interview"}]}, "stages", "applied"),
        ({"stages": [{"name": "网申", "kind": "party"}]}, "stages.0.kind", "party"),
        ({"channel": "newspaper"}, "channel", "newspaper"),
        ({"title": ""}, "title", ""),
        ({"department": 999_999}, "department", "999999"),
        ({"headcount": 0}, "headcount", "1"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    body = _job_body(world, **changes)
    if "stages" in changes:
        del body["template"]
    before = Job.objects.count()

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:job-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in errors[field][0]
    assert response.json()["message"]
    assert Job.objects.count() == before


def test_template_and_stages_together_are_refused(world: World) -> None:
    body = _job_body(world, stages=[{"name": "网申", "kind": "applied"}])

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:job-list"), body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["template"]


def test_status_change_opens_and_records_the_time(world: World) -> None:
    """HR opens (publishes) a job: tests/recruiting/views/test_job_publishing.py."""
    job = JobFactory(status=Job.Status.DRAFT, recruiters=[world.users["recruiter_x"]])

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:job-status", kwargs={"pk": job.pk}), {"status": "open"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "open"
    assert response.json()["opened_at"] is not None
    job.refresh_from_db()
    assert job.status == Job.Status.OPEN


def test_forbidden_status_change_is_a_400_on_status_and_changes_nothing(world: World) -> None:
    """A draft can be opened or closed, not put on hold."""
    job = JobFactory(status=Job.Status.DRAFT)

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:job-status", kwargs={"pk": job.pk}), {"status": "on_hold"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


def test_list_filters_by_status_channel_and_department(world: World) -> None:
    other_department = DepartmentFactory()
    closed = JobFactory(status=Job.Status.CLOSED, department=other_department)
    agency = JobFactory(channel=Job.Channel.AGENCY, department=other_department)
    client = token_client(world.users["hr_admin"])
    url = reverse("api:job-list")

    def ids(**params: Any) -> set[int]:
        response = client.get(url, params)
        assert response.status_code == 200, response.json()
        return {job["id"] for job in response.json()["results"]}

    assert ids(status="closed") == {closed.pk}
    assert ids(channel="agency") == {agency.pk}
    assert ids(department=other_department.pk) == {closed.pk, agency.pk}
    assert ids(department=other_department.pk, status="open") == {agency.pk}
    assert ids(status=["closed", "open"], department=other_department.pk) == {closed.pk, agency.pk}


def test_list_orders_through_the_allowlist_only(world: World) -> None:
    client = token_client(world.users["hr_admin"])

    by_title = client.get(reverse("api:job-list"), {"ordering": "title"})
    by_secret = client.get(reverse("api:job-list"), {"ordering": "description"})

    titles = [job["title"] for job in by_title.json()["results"]]
    assert titles == sorted(titles)
    assert by_secret.status_code == 400
    assert list(by_secret.json()["errors"]) == ["ordering"]


def test_bad_filter_value_is_a_400(world: World) -> None:
    response = token_client(world.users["hr_admin"]).get(
        reverse("api:job-list"), {"department": "abc"}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["department"]


def test_stages_list_filters_by_job(world: World) -> None:
    response = token_client(world.users["recruiter_x"]).get(
        reverse("api:stage-list"), {"job": world.job_x.pk}
    )

    assert response.status_code == 200
    assert [stage["id"] for stage in response.json()["results"]] == list(
        world.job_x.stages.order_by("id").values_list("pk", flat=True)
    )
