"""The write side of the review API: HR opens, calibrates and closes cycles and moves a
final rating; the employee writes their self review and acknowledges; the manager the
review names writes the manager's review. Each calls the page's service, with the same
scope (404 outside it) and permission (403 for HR's actions); a bad body is a 400 that
changes nothing."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from employees.models import (
    Assignment,
    Calibration,
    Goal,
    MetricValue,
    Position,
    Review,
    ReviewAnswer,
    ReviewCycle,
)
from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.employees.contracts.people import employee_make
from tests.employees.performance.scene import Scene, cycle_open, metric_make, scene_make
from tests.hrflow.factories import UserFactory
from tests.recruiting.api import conftest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def token_client(user: Any) -> Any:
    """A system's client that reads its messages in English."""
    client = conftest.token_client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


SAFETY_GOAL = {"metric": "safety_incidents", "target": "2", "bands": [["2", "100"], ["3", "60"]]}


def _url(name: str, pk: int) -> str:
    return reverse(f"api:{name}", kwargs={"pk": pk})


def _open_body(scene: Scene, **changes: Any) -> dict[str, Any]:
    return {
        "name": "2026 Q4",
        "kind": "quarterly",
        "period_start": scene.start.isoformat(),
        "period_end": scene.end.isoformat(),
        "department": scene.team.pk,
        "goals": [{"department": scene.root.pk, **SAFETY_GOAL}],
        **changes,
    }


def _competency_answer(scene: Scene, rating: Any = 4) -> dict[str, Any]:
    section = scene.template.sections.get(kind="competencies")
    return {"section": section.pk, "competency": scene.competency.pk, "rating": rating}


def _comment_answer(scene: Scene, comment: Any = "全年零事故") -> dict[str, Any]:
    return {"section": scene.template.sections.get(kind="comments").pk, "comment": comment}


# Opening a cycle


def test_hr_opens_a_cycle_with_goals_per_department_and_per_employee():
    scene = scene_make()
    output = metric_make("output_units")
    output.direction = "higher"
    output.save()
    special = {
        "employee": scene.people[1].pk, "metric": "output_units", "target": "100",
        "bands": [["100", "100"], ["80", "50"]], "weight": "100",
    }  # fmt: skip
    body = _open_body(scene, goals=[{"department": scene.root.pk, **SAFETY_GOAL}, special])

    response = token_client(scene.hr).post(reverse("api:review-cycle-list"), body, format="json")

    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["reviews"] == 2
    assert created["status"] == "open"
    cycle = ReviewCycle.objects.get(pk=created["id"])
    first, second = (Review.objects.get(cycle=cycle, employee=p) for p in scene.people)
    goal = Goal.objects.get(review=first)
    assert (goal.metric.code, goal.direction, goal.target) == ("safety_incidents", "lower", 2)
    assert goal.bands == [["2", "100"], ["3", "60"]]
    # the employee's own set wins over their department's
    assert [g.metric.code for g in Goal.objects.filter(review=second)] == ["output_units"]
    assert Goal.objects.get(review=second).direction == "higher"
    assert AuditEvent.objects.filter(action="employees.review_cycle_open").count() == 1
    listed = token_client(scene.users[0]).get(reverse("api:review-cycle-list")).json()
    assert [row["id"] for row in listed["results"]] == [cycle.pk]
    mine = token_client(scene.users[0]).get(_url("review-detail", first.pk)).json()
    assert mine["goals"][0]["metric"] == "safety_incidents"


def test_a_position_s_goals_win_over_the_department_s():
    scene = scene_make()
    position = Position.objects.create(
        code="ops", title="操作工", department=scene.team, headcount=5, job_family="production"
    )
    Assignment.objects.filter(employee=scene.people[0]).update(position=position)
    body = _open_body(
        scene,
        goals=[
            {"department": scene.root.pk, **SAFETY_GOAL},
            {"position": position.pk, **SAFETY_GOAL, "target": "0", "bands": [["0", "100"]]},
        ],
    )
    response = token_client(scene.hr).post(reverse("api:review-cycle-list"), body, format="json")
    assert response.status_code == 201, response.json()
    targets = {
        goal.review.employee_id: goal.target
        for goal in Goal.objects.filter(review__cycle_id=response.json()["id"])
    }
    assert targets == {scene.people[0].pk: 0, scene.people[1].pk: 2}


def test_a_cycle_without_goals_or_department_opens_for_everyone_employed():
    scene = scene_make()
    body = _open_body(scene, department=None, goals=[], self_review=False)
    response = token_client(scene.hr).post(reverse("api:review-cycle-list"), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reviews"] == 3  # the boss too
    assert response.json()["self_review"] is False
    assert not Goal.objects.exists()


def _goal(**changes: Any) -> list[dict[str, Any]]:
    return [{"department": "ROOT", **SAFETY_GOAL, **changes}]


BAD_OPEN_BODIES = [
    ("missing name", {"name": None}, "name"),
    ("NUL in the name", {"name": "a\x00b"}, "name"),
    ("long name", {"name": "x" * 3000}, "name"),
    ("unknown kind", {"kind": "weekly"}, "kind"),
    ("kind of the wrong type", {"kind": ["quarterly"]}, "kind"),
    ("no period", {"period_start": None}, "period_start"),
    ("not a date", {"period_end": "²"}, "period_end"),
    ("period ends before it starts", {"period_end": "2020-01-01"}, "period_end"),
    ("unknown template", {"template": 10**20}, "template"),
    ("unknown department", {"department": 999999}, "department"),
    ("goals not a list", {"goals": "safety"}, "goals.non_field_errors"),
    ("unknown metric", {"goals": _goal(metric="nope")}, "goals.0.metric"),
    ("target NaN", {"goals": _goal(target="NaN")}, "goals.0.target"),
    ("huge target", {"goals": _goal(target="1e999999")}, "goals.0.target"),
    ("weights not 100", {"goals": _goal(weight="60")}, "goals"),
    ("weight above 100", {"goals": _goal(weight="150")}, "goals.0.weight"),
    ("no bands", {"goals": _goal(bands=[])}, "goals.0.bands"),
    ("a band not a pair", {"goals": _goal(bands=[["2"]])}, "goals.0.bands.0"),
    ("bands the wrong way", {"goals": _goal(bands=[["3", "100"], ["2", "60"]])}, "goals"),
    ("percent above 100", {"goals": _goal(bands=[["2", "300"]])}, "goals"),
    ("goal naming no one", {"goals": [SAFETY_GOAL]}, "goals.0.non_field_errors"),
    (
        "goal naming two",
        {"goals": _goal(employee="EMPLOYEE")},
        "goals.0.non_field_errors",
    ),
]


@pytest.mark.parametrize(
    ("label", "changes", "field"), BAD_OPEN_BODIES, ids=[row[0] for row in BAD_OPEN_BODIES]
)
def test_a_bad_cycle_body_is_a_400_and_opens_nothing(label, changes, field):
    scene = scene_make()
    body = _open_body(scene, **changes)
    for goal in body["goals"] if isinstance(body["goals"], list) else []:
        if goal.get("department") == "ROOT":
            goal["department"] = scene.root.pk
        if goal.get("employee") == "EMPLOYEE":
            goal["employee"] = scene.people[0].pk
    body = {key: value for key, value in body.items() if value is not None}

    response = token_client(scene.hr).post(reverse("api:review-cycle-list"), body, format="json")

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert response.json()["message"]
    assert not ReviewCycle.objects.exists()
    assert not Review.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400():
    scene = scene_make()
    url = reverse("api:review-cycle-list")
    for body in (["a"], "text", 3):
        assert token_client(scene.hr).post(url, body, format="json").status_code == 400
    assert not ReviewCycle.objects.exists()


# HR's actions: permission and effect


def test_only_hr_opens_starts_calibration_closes_and_calibrates():
    scene = scene_make()
    cycle = cycle_open(scene)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    for user in (scene.users[0], scene.boss_user):
        client = token_client(user)
        for url, body in (
            (reverse("api:review-cycle-list"), _open_body(scene)),
            (_url("review-cycle-calibration", cycle.pk), {}),
            (_url("review-cycle-close", cycle.pk), {}),
            (_url("review-calibrate", review.pk), {"rating": 5, "reason": "why not"}),
        ):
            response = client.post(url, body, format="json")
            assert response.status_code == 403, url
            assert response.json()["message"] == "Only HR admins can do this."
    assert ReviewCycle.objects.get().status == "open"
    assert not Calibration.objects.exists()
    assert Review.objects.get(pk=review.pk).final_rating is None
    for name in ("review-cycle-calibration", "review-cycle-close"):
        assert token_client(scene.hr).post(_url(name, 999999)).status_code == 404


def test_calibration_start_then_close_through_the_api():
    scene = scene_make()
    cycle = cycle_open(scene, self_review=False)
    client = token_client(scene.hr)

    started = client.post(_url("review-cycle-calibration", cycle.pk))
    assert started.status_code == 200
    assert started.json()["status"] == "calibration"
    again = client.post(_url("review-cycle-calibration", cycle.pk))
    assert again.status_code == 400
    assert again.json()["message"] == "Only an open cycle goes to calibration."

    # nobody rated yet: closing is refused, naming them, and nothing changes
    refused = client.post(_url("review-cycle-close", cycle.pk))
    assert refused.status_code == 400
    assert scene.people[0].full_name in refused.json()["message"]
    assert ReviewCycle.objects.get(pk=cycle.pk).status == "calibration"

    for review in Review.objects.filter(cycle=cycle):
        response = client.post(
            _url("review-calibrate", review.pk), {"rating": 3, "reason": "团队平均"}, format="json"
        )
        assert response.status_code == 200
    closed = client.post(_url("review-cycle-close", cycle.pk))
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"]
    assert set(Review.objects.filter(cycle=cycle).values_list("stage", flat=True)) == {"finished"}
    detail = client.get(_url("review-cycle-detail", cycle.pk)).json()
    assert detail["status"] == "closed"
    assert client.post(_url("review-cycle-close", cycle.pk)).status_code == 400


def test_hr_calibrates_a_rating_with_a_reason():
    scene = scene_make()
    cycle = cycle_open(scene)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    client = token_client(scene.hr)

    response = client.post(
        _url("review-calibrate", review.pk), {"rating": 5, "reason": " 全年零事故 "}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["final_rating"] == 5
    change = Calibration.objects.get(review=review)
    assert (change.old_rating, change.new_rating, change.reason) == (None, 5, "全年零事故")
    assert client.get(_url("review-detail", review.pk)).json()["final_rating"] == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 6, "reason": "x"}, "rating"),
        ({"rating": 0, "reason": "x"}, "rating"),
        ({"rating": 10**20, "reason": "x"}, "rating"),
        ({"rating": "five", "reason": "x"}, "rating"),
        ({"reason": "x"}, "rating"),
        ({"rating": 3}, "reason"),
        ({"rating": 3, "reason": "   "}, "reason"),
        ({"rating": 3, "reason": "a\x00b"}, "reason"),
        ({"rating": 3, "reason": "x" * 3000}, "reason"),
    ],
)
def test_a_bad_calibration_is_a_400_and_changes_nothing(body, field):
    scene = scene_make(people=1)
    review = Review.objects.get(cycle=cycle_open(scene))
    response = token_client(scene.hr).post(_url("review-calibrate", review.pk), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Calibration.objects.exists()
    assert Review.objects.get(pk=review.pk).final_rating is None


# The employee's and the manager's answers


def test_self_review_then_manager_review_then_close_then_acknowledge():
    scene = scene_make()
    cycle = cycle_open(scene)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    employee, boss = token_client(scene.users[0]), token_client(scene.boss_user)

    mine = employee.post(
        _url("review-self", review.pk),
        {"answers": [_competency_answer(scene, 4), _comment_answer(scene)]},
        format="json",
    )
    assert mine.status_code == 200, mine.json()
    assert mine.json()["stage"] == "manager"
    assert mine.json()["self_submitted_at"]
    stored = ReviewAnswer.objects.filter(review=review, reviewer_kind="self")
    assert {(a.rating, a.comment) for a in stored} == {(4, ""), (None, "全年零事故")}
    assert {a.author_id for a in stored} == {scene.users[0].pk}
    twice = employee.post(
        _url("review-self", review.pk), {"answers": [_comment_answer(scene)]}, format="json"
    )
    assert twice.status_code == 400
    assert twice.json()["message"] == "The self review has been submitted already."

    theirs = boss.post(
        _url("review-manager", review.pk),
        {"answers": [_competency_answer(scene, 5)], "rating": 4},
        format="json",
    )
    assert theirs.status_code == 200, theirs.json()
    assert theirs.json()["stage"] == "calibration"
    assert theirs.json()["manager_rating"] == 4
    assert Review.objects.get(pk=review.pk).score is not None
    assert boss.get(_url("review-detail", review.pk)).json()["manager_rating"] == 4

    # the colleague's review gets a calibrated rating so the cycle can close
    other = Review.objects.get(cycle=cycle, employee=scene.people[1])
    hr = token_client(scene.hr)
    hr.post(_url("review-calibrate", other.pk), {"rating": 3, "reason": "x"}, format="json")
    assert hr.post(_url("review-cycle-close", cycle.pk)).status_code == 200

    done = employee.post(_url("review-acknowledge", review.pk))
    assert done.status_code == 200
    first = done.json()["acknowledged_at"]
    assert first
    # a second acknowledgement is refused and keeps the first time
    again = employee.post(_url("review-acknowledge", review.pk))
    assert again.status_code == 400
    assert again.json()["message"] == "You have acknowledged this review already."
    assert employee.get(_url("review-detail", review.pk)).json()["acknowledged_at"] == first


def test_answers_and_acknowledgements_stay_within_the_scope():
    """Another manager, a colleague: 404 as for a missing review. The manager on their
    report's self review, the employee on the manager's: a 400 that says whose it is."""
    scene = scene_make()
    cycle = cycle_open(scene)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    other_boss_user = UserFactory(roles=[Role.EMPLOYEE])
    other_boss = employee_make(
        hire_date=scene.start, user=other_boss_user, status="regular", department=scene.root
    )
    their_user = UserFactory(roles=[Role.EMPLOYEE])
    employee_make(
        hire_date=scene.start, user=their_user, status="regular", manager=other_boss,
        department=scene.team,
    )  # fmt: skip
    self_body = {"answers": [_comment_answer(scene)]}
    manager_body = {"answers": [_comment_answer(scene)], "rating": 3}
    for user in (other_boss_user, scene.users[1], their_user):
        client = token_client(user)
        for name, body in (
            ("review-self", self_body),
            ("review-manager", manager_body),
            ("review-acknowledge", {}),
            ("review-detail", None),
        ):
            url = _url(name, review.pk)
            response = client.get(url) if body is None else client.post(url, body, format="json")
            assert response.status_code == 404, (user, name)
    refused = token_client(scene.boss_user).post(
        _url("review-self", review.pk), self_body, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["message"] == "Only the employee writes their self review."
    not_mine = token_client(scene.users[0]).post(
        _url("review-manager", review.pk), manager_body, format="json"
    )
    assert not_mine.status_code == 400
    assert not_mine.json()["message"] == "Only the manager this review names writes it."
    early = token_client(scene.users[0]).post(_url("review-acknowledge", review.pk))
    assert early.status_code == 400
    assert early.json()["message"] == "The review is not finished yet."
    assert not ReviewAnswer.objects.exists()
    assert Review.objects.get(pk=review.pk).stage == "self"


def test_the_manager_waits_for_the_self_review():
    scene = scene_make(people=1)
    review = Review.objects.get(cycle=cycle_open(scene))
    response = token_client(scene.boss_user).post(
        _url("review-manager", review.pk),
        {"answers": [_competency_answer(scene)], "rating": 3},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "The employee has not submitted their self review yet."


def _answers(scene: Scene, *items: Any) -> dict[str, Any]:
    return {"answers": list(items)}


BAD_ANSWERS = [
    ("no answers key", lambda s: {}, "answers"),
    ("answers not a list", lambda s: {"answers": "good"}, "answers.non_field_errors"),
    ("no answer at all", lambda s: _answers(s), "non_field_errors"),
    ("rating off the scale", lambda s: _answers(s, _competency_answer(s, 9)), "non_field_errors"),
    ("rating of zero", lambda s: _answers(s, _competency_answer(s, 0)), "non_field_errors"),
    ("huge rating", lambda s: _answers(s, _competency_answer(s, 10**20)), "answers.0.rating"),
    ("rating as text", lambda s: _answers(s, _competency_answer(s, "four")), "answers.0.rating"),
    ("NUL in a comment", lambda s: _answers(s, _comment_answer(s, "a\x00b")), "answers.0.comment"),
    ("long comment", lambda s: _answers(s, _comment_answer(s, "x" * 6000)), "answers.0.comment"),
    ("comment as a list", lambda s: _answers(s, _comment_answer(s, ["x"])), "answers.0.comment"),
    ("no section", lambda s: _answers(s, {"comment": "x"}), "answers.0.section"),
    ("unknown section", lambda s: _answers(s, {"section": 999999, "comment": "x"}), None),
    ("huge section id", lambda s: _answers(s, {"section": 10**20, "comment": "x"}), None),
    (
        "a competency not in the section",
        lambda s: _answers(s, {**_competency_answer(s), "competency": 999999}),
        None,
    ),
    (
        "a rating in a comments section",
        lambda s: _answers(s, {**_comment_answer(s), "rating": 3}),
        None,
    ),
    (
        "the same item twice",
        lambda s: _answers(s, _competency_answer(s), _competency_answer(s)),
        None,
    ),
]


@pytest.mark.parametrize(
    ("label", "make", "field"), BAD_ANSWERS, ids=[row[0] for row in BAD_ANSWERS]
)
def test_bad_answers_are_a_400_and_change_nothing(label, make, field):
    scene = scene_make(people=1)
    review = Review.objects.get(cycle=cycle_open(scene))
    response = token_client(scene.users[0]).post(
        _url("review-self", review.pk), make(scene), format="json"
    )
    assert response.status_code == 400, response.json()
    assert response.json()["message"]
    if field:
        assert field in response.json()["errors"], response.json()
    assert not ReviewAnswer.objects.exists()
    fresh = Review.objects.get(pk=review.pk)
    assert (fresh.stage, fresh.self_submitted_at) == ("self", None)


@pytest.mark.parametrize("rating", [0, 6, -1, 10**20, "x", None])
def test_the_managers_rating_off_the_scale_is_a_400(rating):
    scene = scene_make(people=1)
    review = Review.objects.get(cycle=cycle_open(scene, self_review=False))
    body: dict[str, Any] = {"answers": [_competency_answer(scene)]}
    if rating is not None:
        body["rating"] = rating
    response = token_client(scene.boss_user).post(
        _url("review-manager", review.pk), body, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    fresh = Review.objects.get(pk=review.pk)
    assert (fresh.manager_rating, fresh.manager_submitted_at) == (None, None)
    assert fresh.stage == "manager"
    assert not ReviewAnswer.objects.exists()


def test_a_closed_cycle_refuses_answers_with_a_clear_400():
    scene = scene_make(people=1)
    cycle = cycle_open(scene)
    review = Review.objects.get(cycle=cycle)
    hr = token_client(scene.hr)
    hr.post(_url("review-calibrate", review.pk), {"rating": 3, "reason": "x"}, format="json")
    assert hr.post(_url("review-cycle-close", cycle.pk)).status_code == 200

    response = token_client(scene.users[0]).post(
        _url("review-self", review.pk), {"answers": [_comment_answer(scene)]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "The cycle is closed: its reviews no longer change."
    assert not ReviewAnswer.objects.exists()
    late = hr.post(_url("review-calibrate", review.pk), {"rating": 5, "reason": "x"}, format="json")
    assert late.status_code == 400
    assert late.json()["message"] == "The cycle is closed: final ratings are locked."
    assert Review.objects.get(pk=review.pk).final_rating == 3


# The goals in the review's detail


def test_the_detail_shows_each_goal_scored_over_the_period_while_the_cycle_runs():
    scene = scene_make(people=1)
    review = Review.objects.get(cycle=cycle_open(scene))
    MetricValue.objects.bulk_create(
        MetricValue(
            metric=scene.metric, employee=scene.people[0], on=scene.start + timedelta(days=n),
            value=1, source="manual",
        )
        for n in range(3)
    )  # fmt: skip
    url = _url("review-detail", review.pk)

    goal = token_client(scene.users[0]).get(url).json()["goals"][0]

    assert goal["metric"] == "safety_incidents"
    assert goal["direction"] == "lower"
    assert Decimal(goal["target"]) == 2
    assert goal["bands"] == [["2", "100"], ["3", "60"]]
    assert Decimal(goal["weight"]) == 100
    assert (Decimal(goal["actual"]), Decimal(goal["score"])) == (3, 60)
    # computed for the reader, not stored: the stored figures move on submit and close
    assert Goal.objects.get(review=review).actual is None
    assert Review.objects.get(pk=review.pk).score is None
