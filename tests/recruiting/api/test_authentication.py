"""Systems sign in with a token; the pages' session works too, with CSRF on writes."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.crypto import get_random_string
from rest_framework.test import APIClient

from hrflow.accounts.roles import Role
from recruiting.models import Candidate
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import World, token_client

pytestmark = pytest.mark.django_db


def test_token_signs_a_system_in(world: World) -> None:
    """`Authorization: Token <key>` acts as the token's user, with that user's scope."""
    response = token_client(world.users["recruiter_y"]).get(reverse("api:job-list"))

    assert response.status_code == 200
    assert [job["id"] for job in response.json()["results"]] == [world.job_y.pk]


def test_unknown_token_is_refused_with_401_json() -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get(reverse("api:job-list"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"message": "Invalid token.", "errors": {}}


def test_token_of_a_deactivated_user_stops_working() -> None:
    user = UserFactory(roles=[Role.HR_ADMIN])
    client = token_client(user)
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(reverse("api:job-list"))

    assert response.status_code == 401


def test_anonymous_callers_get_401_with_the_token_challenge() -> None:
    response = APIClient().get(reverse("api:job-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["message"]


def test_session_reads_without_csrf(world: World) -> None:
    """The HR pages' own session can read the API (GET needs no CSRF token)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["recruiter_x"])

    response = client.get(reverse("api:application-list"))

    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {world.application_x.pk, world.application_w.pk}


def test_session_write_without_csrf_token_is_refused_and_changes_nothing(world: World) -> None:
    # Given a signed-in HR admin whose request carries no CSRF token
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["hr_admin"])
    before = Candidate.objects.count()

    # When they post a new candidate
    response = client.post(reverse("api:candidate-list"), {"full_name": "韩梅梅"}, format="json")

    # Then the request is refused as a CSRF failure, and no candidate was created
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    assert Candidate.objects.count() == before


def test_session_write_with_csrf_token_goes_through(world: World) -> None:
    # Given a signed-in HR admin holding a CSRF cookie (as any page sets it)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["hr_admin"])
    csrf_token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = csrf_token

    # When they post with the token in the header, as the pages' scripts do
    response = client.post(
        reverse("api:candidate-list"),
        {"full_name": "韩梅梅"},
        format="json",
        HTTP_X_CSRFTOKEN=csrf_token,
    )

    # Then the candidate is created
    assert response.status_code == 201, response.json()
    assert Candidate.objects.filter(pk=response.json()["id"], full_name="韩梅梅").exists()


def test_token_requests_need_no_csrf_token(world: World) -> None:
    """Systems are not browsers: a token request is not exposed to CSRF."""
    client = token_client(world.users["hr_admin"])
    client.handler.enforce_csrf_checks = True

    response = client.post(reverse("api:candidate-list"), {"full_name": "韩梅梅"}, format="json")

    assert response.status_code == 201
