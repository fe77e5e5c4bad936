"""Candidates through the API: create (and apply), search by part of a name or contact, tags."""

from typing import Any

import pytest
from django.urls import reverse

from recruiting.models import Application, Candidate
from recruiting.services.candidates import candidate_set_tags
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def test_hr_admin_creates_a_candidate_with_normalised_contacts(world: World) -> None:
    response = token_client(world.users["hr_admin"]).post(
        reverse("api:candidate-list"),
        {"full_name": "  王  小明 ", "email": "WXM@Example.COM", "phone": "138 0013 8000"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["full_name"], body["email"], body["phone"]) == (
        "王 小明",
        "wxm@example.com",
        "+8613800138000",
    )
    assert body["application"] is None
    assert "search_vector" not in body
    assert Candidate.objects.get(pk=body["id"]).name_pinyin


def test_recruiter_creates_a_candidate_into_their_job(world: World) -> None:
    """The candidate applies to the recruiter's job at once, so the recruiter can see them."""
    client = token_client(world.users["recruiter_x"])

    response = client.post(
        reverse("api:candidate-list"),
        {"full_name": "李雷", "job": world.job_x.pk, "source": "referral"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    application = Application.objects.get(pk=response.json()["application"])
    assert (application.job, application.source) == (world.job_x, "referral")
    detail = client.get(reverse("api:candidate-detail", kwargs={"pk": response.json()["id"]}))
    assert detail.status_code == 200


def test_recruiter_must_name_the_job(world: World) -> None:
    before = Candidate.objects.count()

    response = token_client(world.users["recruiter_x"]).post(
        reverse("api:candidate-list"), {"full_name": "李雷"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["job"]
    assert Candidate.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"full_name": "李雷", "phone": "12"}, "phone"),
        ({"full_name": "李雷", "email": "not-an-address"}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"full_name": "李雷", "language": "fr"}, "language"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_creates_nothing(
    world: World, body: dict[str, Any], field: str
) -> None:
    before = Candidate.objects.count()

    response = token_client(world.users["hr_admin"]).post(
        reverse("api:candidate-list"), body, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert response.json()["errors"][field][0]
    assert Candidate.objects.count() == before


def test_failed_application_undoes_the_new_candidate(world: World) -> None:
    """Create-and-apply is one transaction: a closed job leaves no orphan record."""
    client = token_client(world.users["hr_admin"])
    client.post(
        reverse("api:job-status", kwargs={"pk": world.job_x.pk}),
        {"status": "closed"},
        format="json",
    )
    before = Candidate.objects.count()

    response = client.post(
        reverse("api:candidate-list"), {"full_name": "李雷", "job": world.job_x.pk}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["job"]
    assert Candidate.objects.count() == before


@pytest.mark.parametrize(
    ("q", "expected"),
    [("欧阳", {"ouyang"}), ("ouyangna", {"ouyang"}), ("8000", {"phone"}), ("JOB@", {"email"})],
)
def test_q_finds_part_of_a_name_pinyin_phone_or_email(
    world: World, q: str, expected: set[str]
) -> None:
    people = {
        "ouyang": CandidateFactory(full_name="欧阳娜", email="on@example.com", phone=""),
        "phone": CandidateFactory(full_name="张伟", email="", phone="13800138000"),
        "email": CandidateFactory(full_name="Ann Lee", email="job@example.org", phone=""),
    }
    for candidate in people.values():
        ApplicationFactory(candidate=candidate, job=world.job_x)

    response = token_client(world.users["recruiter_x"]).get(reverse("api:candidate-list"), {"q": q})

    assert response.status_code == 200
    found = {row["id"] for row in response.json()["results"]}
    assert found == {people[key].pk for key in expected}


def test_tag_filter(world: World) -> None:
    tagged = ApplicationFactory(job=world.job_x).candidate
    candidate_set_tags(candidate=tagged, names=["Java"])

    response = token_client(world.users["hr_admin"]).get(
        reverse("api:candidate-list"), {"tag": "Java"}
    )

    assert [row["id"] for row in response.json()["results"]] == [tagged.pk]
    assert response.json()["results"][0]["tags"] == ["Java"]


def test_search_never_shows_candidates_outside_the_scope(world: World) -> None:
    """Recruiter Y searching for X's candidate by exact name finds nothing."""
    response = token_client(world.users["recruiter_y"]).get(
        reverse("api:candidate-list"), {"q": world.candidate_x.full_name}
    )

    assert world.candidate_x.pk not in {row["id"] for row in response.json()["results"]}


def test_a_candidates_channel_choices_are_kept_and_shown(world: World) -> None:
    response = token_client(world.users["hr_admin"]).post(
        reverse("api:candidate-list"),
        {"full_name": "李雷", "phone": "13800138001", "notify_by_sms": False},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["notify_by_email"], body["notify_by_sms"]) == (True, False)
    assert Candidate.objects.get(pk=body["id"]).notify_by_sms is False
