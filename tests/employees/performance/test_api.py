"""The review API: HR reads every review, a manager their reports' and the ones they
write, an employee their own (404 otherwise); peer answers only pooled, from 3; the
employee sees the manager's and final ratings and the pooled views once finished;
fixed queries per page of reviews."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Review, ReviewerAssignment
from employees.performance.answers import (
    AnswerInput,
    review_manager_submit,
    review_reviewer_submit,
    reviewer_assign,
)
from employees.performance.calibration import review_cycle_close, review_rating_calibrate
from hrflow.accounts.roles import Role
from tests.employees.contracts.people import employee_make
from tests.employees.performance.scene import cycle_open, scene_make
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_reviews_are_scoped_by_role():
    scene = scene_make()
    cycle = cycle_open(scene, department=None)
    other_boss_user = UserFactory(roles=[Role.EMPLOYEE])
    employee_make(
        hire_date=scene.start, user=other_boss_user, status="regular", department=scene.root
    )
    mine, colleague = (Review.objects.get(cycle=cycle, employee=p) for p in scene.people)
    everyone = set(Review.objects.filter(cycle=cycle).values_list("pk", flat=True))
    url = reverse("api:review-list")

    assert _ids(token_client(scene.hr).get(url)) == everyone
    assert _ids(token_client(scene.boss_user).get(url)) == {
        mine.pk, colleague.pk, Review.objects.get(cycle=cycle, employee=scene.boss).pk,
    }  # fmt: skip
    assert _ids(token_client(scene.users[0]).get(url)) == {mine.pk}
    assert _ids(token_client(other_boss_user).get(url)) == set()
    for user, status in (
        (scene.hr, 200),
        (scene.boss_user, 200),
        (scene.users[0], 200),
        (scene.users[1], 404),
        (other_boss_user, 404),
    ):
        detail = reverse("api:review-detail", kwargs={"pk": mine.pk})
        assert token_client(user).get(detail).status_code == status
    assert token_client(None).get(url).status_code in (401, 403)
    cycles = token_client(scene.users[0]).get(reverse("api:review-cycle-list"))
    assert _ids(cycles) == {cycle.pk}


def test_peer_answers_are_null_below_three_and_pooled_from_three():
    scene = scene_make()
    cycle = cycle_open(scene, peer_review=True)
    review = Review.objects.get(cycle=cycle, employee=scene.people[0])
    section = scene.template.sections.get(kind="competencies")
    url = reverse("api:review-detail", kwargs={"pk": review.pk})
    for n in range(3):
        peer = UserFactory(roles=[Role.EMPLOYEE])
        reviewer_assign(review=review, reviewer=peer, kind="peer", actor=scene.hr)
        review_reviewer_submit(
            assignment=ReviewerAssignment.objects.get(review=review, reviewer=peer),
            user=peer,
            answers=[
                AnswerInput(section_id=section.pk, competency_id=scene.competency.pk, rating=3 + n)
            ],
        )
        body = token_client(scene.boss_user).get(url).json()
        if n < 2:
            # nothing at all below the minimum: no list, no count
            assert body["peer"] is None
    assert body["peer"] == [
        {"section": section.pk, "competency": scene.competency.pk, "goal": None,
         "mean_rating": 4.0, "comments": []},
    ]  # fmt: skip
    assert body["upward"] is None
    assert body["goals"][0]["metric"] == "safety_incidents"
    # the employee sees the pooled views once the review is finished, as on the page
    assert token_client(scene.users[0]).get(url).json()["peer"] is None


def test_the_employee_sees_the_managers_and_final_rating_once_the_review_is_finished():
    scene = scene_make(people=1)
    cycle = cycle_open(scene, self_review=False)
    review = Review.objects.get(cycle=cycle)
    section = scene.template.sections.get(kind="competencies")
    review_manager_submit(
        review=review,
        user=scene.boss_user,
        rating=4,
        answers=[AnswerInput(section_id=section.pk, competency_id=scene.competency.pk, rating=4)],
    )
    review_rating_calibrate(review=review, rating=5, reason="全年零事故", actor=scene.hr)
    detail = reverse("api:review-detail", kwargs={"pk": review.pk})
    listed = reverse("api:review-list")

    def ratings(user, url):  # type: ignore[no-untyped-def]
        body = token_client(user).get(url).json()
        row = body["results"][0] if "results" in body else body
        return row["manager_rating"], row["final_rating"]

    for url in (detail, listed):
        assert ratings(scene.users[0], url) == (None, None)
        assert ratings(scene.boss_user, url) == (4, 5)
        assert ratings(scene.hr, url) == (4, 5)
    review_cycle_close(cycle=cycle, actor=scene.hr)
    for url in (detail, listed):
        assert ratings(scene.users[0], url) == (4, 5)


def test_the_review_list_reads_fixed_queries():
    counts = []
    for people in (2, 20):
        scene = scene_make(people=people)
        cycle_open(scene)
        client = token_client(scene.hr)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("api:review-list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
