"""The hire from the profile, the board's hired column and the API: one service, scoped."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from employees.models import Employee
from hrflow.accounts.roles import Role
from recruiting.models import Application, StageKind
from tests.employees.hire_scene import hire_scene
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_profile_offers_hire_and_then_names_the_employee(client) -> None:
    scene = hire_scene()
    client.force_login(scene.recruiter)
    profile = reverse("recruiting:candidate-detail", args=[scene.application.candidate_id])
    hire_url = reverse("recruiting:application-hire", args=[scene.application.pk])

    page = client.get(profile).content.decode()
    assert hire_url in page
    form = client.get(hire_url)
    assert form.status_code == 200
    assert scene.offer.start_date.isoformat() in form.content.decode()

    response = client.post(
        hire_url,
        {"start_date": scene.offer.start_date.isoformat(), "employment_type": "full_time"},
    )

    employee = Employee.objects.get(source_application_id=scene.application.pk)
    assert response.status_code == 302
    page = client.get(profile).content.decode()
    assert "Hired as employee" in page
    assert employee.number in page
    assert hire_url not in page


def test_a_bad_start_date_is_a_form_error_and_hires_nobody(client) -> None:
    scene = hire_scene()
    client.force_login(scene.recruiter)
    hire_url = reverse("recruiting:application-hire", args=[scene.application.pk])

    response = client.post(hire_url, {"start_date": "2099-01-01", "employment_type": "full_time"})

    assert response.status_code == 200
    assert "more than two years away" in response.content.decode()
    assert not Employee.objects.exists()


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.HIRING_MANAGER, Role.EMPLOYEE])
def test_who_cannot_work_on_the_job_cannot_hire(client, role) -> None:
    scene = hire_scene()
    client.force_login(UserFactory(roles=[role]))
    hire_url = reverse("recruiting:application-hire", args=[scene.application.pk])

    response = client.post(hire_url, {"start_date": scene.offer.start_date.isoformat()})

    assert response.status_code in (403, 404)
    assert not Employee.objects.exists()


def test_another_jobs_recruiter_gets_404() -> None:
    scene = hire_scene()
    other = UserFactory(roles=[Role.RECRUITER])
    response = token_client(other).post(
        reverse("api:application-hire", args=[scene.application.pk]), {}, format="json"
    )
    assert response.status_code == 404
    assert not Employee.objects.exists()


def test_the_api_hires_once_and_says_so_the_second_time() -> None:
    scene = hire_scene()
    api = token_client(scene.recruiter)
    url = reverse("api:application-hire", args=[scene.application.pk])

    first = api.post(url, {"employment_type": "intern"}, format="json")
    second = api.post(url, {}, format="json")

    assert first.status_code == 200
    assert first.json()["created"] is True
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert first.json()["employee_number"] == second.json()["employee_number"]
    assert Employee.objects.count() == 1


@pytest.mark.parametrize(
    "body", [{"start_date": "not a date"}, {"employment_type": "slave"}, {"position": -1}]
)
def test_the_api_refuses_bad_input_with_400_and_hires_nobody(body) -> None:
    scene = hire_scene()
    response = token_client(scene.recruiter).post(
        reverse("api:application-hire", args=[scene.application.pk]), body, format="json"
    )
    assert response.status_code == 400
    assert not Employee.objects.exists()


def test_the_api_says_why_an_application_without_an_offer_cannot_be_hired() -> None:
    scene = hire_scene()
    scene.offer.delete()
    response = token_client(scene.recruiter).post(
        reverse("api:application-hire", args=[scene.application.pk]), {}, format="json"
    )
    assert response.status_code == 400
    with translation.override(settings.LANGUAGE_CODE):
        expected = translation.gettext("The candidate has not accepted an offer.")
    assert response.json()["message"] == expected


def test_the_board_move_into_hired_hires(client) -> None:
    scene = hire_scene()
    hired = scene.application.job.stages.get(kind=StageKind.HIRED)
    response = token_client(scene.recruiter).post(
        reverse("api:application-move", args=[scene.application.pk]),
        {"to_stage": hired.pk},
        format="json",
    )
    assert response.status_code == 200
    assert Application.objects.get(pk=scene.application.pk).status == Application.Status.HIRED
    assert Employee.objects.filter(source_application_id=scene.application.pk).exists()
