"""Notes through the API: add to a candidate (optionally about one application), list, filter."""

import pytest
from django.urls import reverse

from recruiting.models import Note
from tests.recruiting.api.conftest import World, token_client

pytestmark = pytest.mark.django_db


def test_note_is_added_with_its_author(world: World) -> None:
    response = token_client(world.users["recruiter_x"]).post(
        reverse("api:note-list"),
        {
            "candidate": world.candidate_x.pk,
            "application": world.application_x.pk,
            "body": "  二面表现稳定  ",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["body"], body["application"]) == ("二面表现稳定", world.application_x.pk)
    assert body["author"]["id"] == world.users["recruiter_x"].pk


def test_empty_note_is_a_400_on_body_and_adds_nothing(world: World) -> None:
    before = Note.objects.count()

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:note-list"), {"candidate": world.candidate_x.pk, "body": "   "}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert Note.objects.count() == before


def test_note_about_someone_elses_application_is_a_400(world: World) -> None:
    before = Note.objects.count()

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:note-list"),
        {"candidate": world.candidate_x.pk, "application": world.application_y.pk, "body": "?"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["message"]
    assert Note.objects.count() == before


def test_list_filters_by_candidate(world: World) -> None:
    response = token_client(world.users["hiring_manager_x"]).get(
        reverse("api:note-list"), {"candidate": world.candidate_x.pk}
    )

    assert [row["id"] for row in response.json()["results"]] == [world.note_x.pk]
