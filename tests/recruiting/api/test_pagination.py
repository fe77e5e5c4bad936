"""Cursor pagination: following `next` visits every row once, even among ties."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from recruiting.api.pagination import ApiCursorPagination
from recruiting.services.applications import application_bulk_move
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _walk(client: APIClient, url: str, params: dict[str, Any]) -> list[int]:
    """Follow `next` links from the first page; return the ids in the order served."""
    ids: list[int] = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.json()
        page = response.json()
        assert len(page["results"]) <= params["page_size"]
        ids += [row["id"] for row in page["results"]]
        if page["next"] is None:
            return ids
        response = client.get(page["next"])


def test_walking_the_cursor_visits_every_application_once(world: World) -> None:
    for _ in range(6):
        ApplicationFactory(job=world.job_x)
    client = token_client(world.users["recruiter_x"])

    ids = _walk(client, reverse("api:application-list"), {"page_size": 2})

    expected = list(
        world.job_x.applications.order_by("-applied_at", "-id").values_list("pk", flat=True)
    )
    expected += [world.application_w.pk]
    assert sorted(ids) == sorted(expected)
    assert len(ids) == len(set(ids)) == 8


def test_walking_visits_rows_that_tie_on_the_sort_field(world: World) -> None:
    """A bulk move gives many rows one `stage_entered_at`; none is skipped or repeated."""
    applications = [ApplicationFactory(job=world.job_x) for _ in range(7)]
    application_bulk_move(
        application_ids=[a.pk for a in applications], to_stage=world.job_x.stages.get(position=1)
    )
    client = token_client(world.users["hr_admin"])

    ids = _walk(
        client,
        reverse("api:application-list"),
        {"page_size": 3, "ordering": "stage_entered_at", "job": world.job_x.pk},
    )

    assert len(ids) == len(set(ids)) == 8
    assert set(ids) == {world.application_x.pk, *(a.pk for a in applications)}


def test_previous_link_walks_back(world: World) -> None:
    for _ in range(4):
        ApplicationFactory(job=world.job_x)
    client = token_client(world.users["hr_admin"])
    first = client.get(reverse("api:application-list"), {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    back = client.get(second["previous"]).json()

    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_page_size_is_capped(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A caller cannot ask for more than `max_page_size` rows at once."""
    monkeypatch.setattr(ApiCursorPagination, "max_page_size", 2)
    for _ in range(3):
        ApplicationFactory(job=world.job_x)

    response = token_client(world.users["hr_admin"]).get(
        reverse("api:application-list"), {"page_size": 10_000}
    )

    assert len(response.json()["results"]) == 2
    assert response.json()["next"] is not None


def test_tampered_cursor_is_a_404_json(world: World) -> None:
    response = token_client(world.users["hr_admin"]).get(
        reverse("api:application-list"), {"cursor": "!!not base64!!"}
    )

    assert response.status_code == 404
    assert response.json()["message"]
