"""Applications through the API: apply, move, reject, bulk, filters, the timeline."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Application, StageTransition
from recruiting.services.applications import application_create
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def _post(world: World, name: str, body: dict[str, Any], role: str = "recruiter_x", **kw: Any):
    url = reverse(name, kwargs=kw) if kw else reverse(name)
    return token_client(world.users[role]).post(url, body, format="json")


def test_apply_puts_the_candidate_in_the_first_stage(world: World) -> None:
    response = _post(
        world,
        "api:application-list",
        {"job": world.job_x.pk, "candidate": world.candidate_w.pk, "source": "boss直聘"},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["job"]["id"], body["candidate"]["id"]) == (world.job_x.pk, world.candidate_w.pk)
    assert (body["stage"]["position"], body["status"], body["source"]) == (0, "active", "boss直聘")
    assert StageTransition.objects.filter(application_id=body["id"]).count() == 1


def test_second_application_to_one_job_is_a_400_on_job(world: World) -> None:
    before = Application.objects.count()

    response = _post(
        world, "api:application-list", {"job": world.job_x.pk, "candidate": world.candidate_x.pk}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["job"]
    assert Application.objects.count() == before


def test_candidate_out_of_scope_reads_as_missing(world: World) -> None:
    """Recruiter X cannot attach Y's candidate: the id answers like one that does not exist."""
    foreign = _post(
        world,
        "api:application-list",
        {"job": world.job_x.pk, "candidate": world.application_y.candidate_id},
    )
    missing = _post(world, "api:application-list", {"job": world.job_x.pk, "candidate": 999_999})

    assert foreign.status_code == missing.status_code == 400
    assert list(foreign.json()["errors"]) == ["candidate"]
    assert foreign.json()["errors"]["candidate"][0].replace(
        str(world.application_y.candidate_id), "N"
    ) == missing.json()["errors"]["candidate"][0].replace("999999", "N")


def test_move_writes_a_transition_with_actor_and_reason(world: World) -> None:
    target = world.job_x.stages.get(position=3)

    response = _post(
        world,
        "api:application-move",
        {"to_stage": target.pk, "reason": "笔试通过"},
        pk=world.application_x.pk,
    )

    assert response.status_code == 200, response.json()
    assert response.json()["stage"]["id"] == target.pk
    last = world.application_x.transitions.last()
    assert (last.to_stage, last.actor, last.reason) == (
        target,
        world.users["recruiter_x"],
        "笔试通过",
    )


def test_move_to_another_jobs_stage_is_a_400_and_changes_nothing(world: World) -> None:
    foreign_stage = world.job_w.stages.get(position=2)

    response = _post(
        world, "api:application-move", {"to_stage": foreign_stage.pk}, pk=world.application_x.pk
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["to_stage"]
    world.application_x.refresh_from_db()
    assert world.application_x.stage.position == 0
    assert world.application_x.transitions.count() == 1


def test_reject_by_reason_code_archives_to_the_talent_pool(world: World) -> None:
    response = _post(
        world,
        "api:application-reject",
        {"reason": "salary_mismatch", "note": "期望薪资过高"},
        pk=world.application_x.pk,
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["rejection_reason"]) == ("rejected", "salary_mismatch")
    assert body["archived_at"] is not None


def test_unknown_reason_is_a_400_on_reason_and_changes_nothing(world: World) -> None:
    response = _post(
        world, "api:application-reject", {"reason": "too_tall"}, pk=world.application_x.pk
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    world.application_x.refresh_from_db()
    assert world.application_x.status == Application.Status.ACTIVE


def test_rejecting_twice_is_a_400(world: World) -> None:
    url = {"pk": world.application_x.pk}
    _post(world, "api:application-reject", {"reason": "no_show"}, **url)

    again = _post(world, "api:application-reject", {"reason": "no_show"}, **url)

    assert again.status_code == 400
    assert again.json()["message"]


def test_bulk_move_moves_a_selection_and_says_how_many(world: World) -> None:
    others = [ApplicationFactory(job=world.job_x) for _ in range(3)]
    ids = [world.application_x.pk, *(application.pk for application in others)]
    target = world.job_x.stages.get(position=1)

    response = _post(
        world, "api:application-bulk-move", {"application_ids": ids, "to_stage": target.pk}
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"moved": 4}
    assert set(Application.objects.filter(pk__in=ids).values_list("stage", flat=True)) == {
        target.pk
    }


def test_bulk_move_with_a_foreign_application_is_404_and_moves_nothing(world: World) -> None:
    ids = [world.application_x.pk, world.application_y.pk]
    target = world.job_x.stages.get(position=1)

    response = _post(
        world, "api:application-bulk-move", {"application_ids": ids, "to_stage": target.pk}
    )

    assert response.status_code == 404
    world.application_x.refresh_from_db()
    assert world.application_x.stage.position == 0


def test_bulk_move_of_another_jobs_application_is_a_400(world: World) -> None:
    """Recruiter X sees W's application too, but it cannot move into X's pipeline."""
    ids = [world.application_x.pk, world.application_w.pk]
    target = world.job_x.stages.get(position=1)

    response = _post(
        world, "api:application-bulk-move", {"application_ids": ids, "to_stage": target.pk}
    )

    assert response.status_code == 400
    world.application_x.refresh_from_db()
    assert world.application_x.stage.position == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"application_ids": [], "reason": "no_show"}, "application_ids"),
        ({"application_ids": ["x"], "reason": "no_show"}, "application_ids.0"),
        ({"application_ids": [1], "reason": ""}, "reason"),
    ],
)
def test_bulk_reject_bad_input_is_a_400_on_the_field(
    world: World, body: dict[str, Any], field: str
) -> None:
    response = _post(world, "api:application-bulk-reject", body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_bulk_reject_ends_every_application_with_the_reason(world: World) -> None:
    other = ApplicationFactory(job=world.job_w)
    ids = [world.application_x.pk, other.pk]

    response = _post(
        world, "api:application-bulk-reject", {"application_ids": ids, "reason": "no_show"}
    )

    assert response.status_code == 200
    assert response.json() == {"rejected": 2}
    assert set(
        Application.objects.filter(pk__in=ids).values_list("status", "rejection_reason__code")
    ) == {("rejected", "no_show")}


def test_list_filters(world: World) -> None:
    """job, stage, status, source, applied_at range and min_ai_score narrow the list."""
    job = world.job_x
    old = application_create(
        candidate=CandidateFactory(),
        job=job,
        source="agency",
        applied_at=timezone.now() - timedelta(days=30),
    )
    Application.objects.filter(pk=world.application_x.pk).update(ai_score=Decimal("88"))
    client = token_client(world.users["hr_admin"])
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()

    def ids(**params: Any) -> set[int]:
        response = client.get(reverse("api:application-list"), params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(job=job.pk) == {world.application_x.pk, old.pk}
    assert ids(source="agency") == {old.pk}
    assert ids(job=job.pk, applied_at_after=week_ago) == {world.application_x.pk}
    assert ids(applied_at_before=week_ago) == {old.pk}
    assert ids(min_ai_score="80") == {world.application_x.pk}
    assert ids(min_ai_score="90") == set()
    assert ids(stage=job.stages.get(position=0).pk) == {world.application_x.pk, old.pk}
    assert ids(status="rejected") == set()


def test_transitions_of_one_application_oldest_first(world: World) -> None:
    for position in (1, 2):
        _post(
            world,
            "api:application-move",
            {"to_stage": world.job_x.stages.get(position=position).pk},
            pk=world.application_x.pk,
        )

    response = token_client(world.users["hiring_manager_x"]).get(
        reverse("api:transition-list"), {"application": world.application_x.pk}
    )

    rows = response.json()["results"]
    assert [row["to_stage"] for row in rows] == [
        world.job_x.stages.get(position=position).pk for position in (0, 1, 2)
    ]
    assert rows[-1]["actor"]["id"] == world.users["recruiter_x"].pk
