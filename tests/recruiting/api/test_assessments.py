"""Assessments through the API: idempotent results, written tests, raw payload for admins."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Application, Assessment
from tests.recruiting.api.conftest import World, token_client

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(480))


def _result(world: World, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "application": world.application_x.pk,
        "source": "acme",
        "external_id": "interview-77",
        "kind": "ai_interview",
        "status": "completed",
        "overall_score": "71.25",
        "dimensions": [
            {"code": "communication", "score": 70, "raw_score": "3.5", "raw_scale": "0-5"},
            {"code": "logical_thinking", "score": 72.5},
        ],
        "media": {"video_url": "https://vendor.example/v/77"},
        "raw": {"vendor": "payload"},
        "completed_at": T0.isoformat(),
        "vendor_updated_at": T0.isoformat(),
    }
    body.update(changes)
    return body


def _record(world: World, body: dict[str, Any], role: str = "hr_admin"):
    return token_client(world.users[role]).post(reverse("api:assessment-list"), body, format="json")


def test_a_new_result_is_created_with_its_dimensions(world: World) -> None:
    response = _record(world, _result(world))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "created"
    assert body["assessment"]["overall_score"] == 71.25
    assert {(d["code"], d["score"]) for d in body["assessment"]["dimensions"]} == {
        ("communication", 70.0),
        ("logical_thinking", 72.5),
    }
    world.application_x.refresh_from_db()
    assert world.application_x.ai_score == 71.25


@pytest.mark.parametrize(
    ("changes", "outcome", "score"),
    [
        ({}, "unchanged", 71.25),
        (
            {"overall_score": "90", "vendor_updated_at": (T0 + timedelta(hours=1)).isoformat()},
            "updated",
            90,
        ),
        (
            {"overall_score": "10", "vendor_updated_at": (T0 - timedelta(hours=1)).isoformat()},
            "ignored_older",
            71.25,
        ),
    ],
)
def test_a_second_delivery_answers_200_with_what_happened(
    world: World, changes: dict[str, Any], outcome: str, score: float
) -> None:
    _record(world, _result(world))

    response = _record(world, _result(world, **changes))

    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == outcome
    assert Assessment.objects.filter(source="acme", external_id="interview-77").count() == 1
    assert Assessment.objects.get(external_id="interview-77").overall_score == score


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"overall_score": "100.5"}, "overall_score"),
        ({"kind": "horoscope"}, "kind"),
        ({"external_id": ""}, "external_id"),
        ({"dimensions": [{"code": "charisma", "score": 50}]}, "dimensions"),
        ({"dimensions": [{"code": "communication", "score": -1}]}, "dimensions.0.score"),
        ({"completed_at": "yesterday"}, "completed_at"),
    ],
)
def test_bad_result_is_a_400_naming_the_field_and_stores_nothing(
    world: World, changes: dict[str, Any], field: str
) -> None:
    before = Assessment.objects.count()

    response = _record(world, _result(world, **changes))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Assessment.objects.count() == before


def test_raw_payload_is_shown_to_hr_admins_only(world: World) -> None:
    """The vendor's raw payload may hold anything; recruiters and managers never get it."""
    url = reverse("api:assessment-detail", kwargs={"pk": world.assessment_x.pk})

    admin = token_client(world.users["hr_admin"]).get(url).json()
    recruiter = token_client(world.users["recruiter_x"]).get(url).json()
    manager_list = token_client(world.users["hiring_manager_x"]).get(reverse("api:assessment-list"))

    assert admin["raw"] == {"secret_vendor_field": "only HR admins see this"}
    assert "raw" not in recruiter
    assert recruiter["overall_score"] == 82.5
    assert all("raw" not in row for row in manager_list.json()["results"])
    assert "secret_vendor_field" not in manager_list.content.decode()


def test_recording_answers_without_raw_to_recruiters(world: World) -> None:
    response = _record(world, _result(world), role="recruiter_x")

    assert response.status_code == 201
    assert "raw" not in response.json()["assessment"]
    assert Assessment.objects.get(external_id="interview-77").raw == {"vendor": "payload"}


def test_list_filters_by_application_kind_and_status(world: World) -> None:
    _record(world, _result(world, external_id="bt-1", kind="background_check", status="invited"))
    client = token_client(world.users["hr_admin"])

    def external_ids(**params: Any) -> set[str]:
        response = client.get(reverse("api:assessment-list"), params)
        return {row["external_id"] for row in response.json()["results"]}

    assert external_ids(application=world.application_x.pk) == {"vendor-1", "bt-1"}
    assert external_ids(kind="background_check") == {"bt-1"}
    assert external_ids(status="completed") == {"vendor-1"}
    assert external_ids(application=world.application_y.pk) == set()


def test_written_test_score_is_entered_by_hand(world: World) -> None:
    response = token_client(world.users["recruiter_x"]).post(
        reverse("api:application-written-test", kwargs={"pk": world.application_x.pk}),
        {"score": "86.5", "dimensions": [{"code": "professional_skill", "score": 90}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["kind"], body["source"], body["overall_score"]) == ("written_test", "manual", 86.5)
    assert body["entered_by"] == world.users["recruiter_x"].pk
    assert Application.objects.get(pk=world.application_x.pk).written_test_score == 86.5


@pytest.mark.parametrize("score", ["101", "-3", "abc", None])
def test_written_test_bad_score_is_a_400_on_score(world: World, score: Any) -> None:
    response = token_client(world.users["hr_admin"]).post(
        reverse("api:application-written-test", kwargs={"pk": world.application_x.pk}),
        {"score": score},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["score"]
    assert not Assessment.objects.filter(kind=Assessment.Kind.WRITTEN_TEST).exists()
