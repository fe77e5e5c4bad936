"""Answers: self by the employee, manager's by the manager the review names, peers and
upward reviewers HR asks; their answers carry no author and show only pooled, from 3."""

from decimal import Decimal

import pytest

from employees.models import Review, ReviewAnswer, ReviewerAssignment
from employees.performance.answers import (
    AnswerInput,
    review_manager_submit,
    review_reviewer_submit,
    review_self_submit,
    reviewer_assign,
)
from employees.performance.selectors import review_answers_pooled
from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from tests.employees.performance.scene import cycle_open, scene_make
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _setup(**cycle):  # type: ignore[no-untyped-def]
    scene = scene_make()
    cycle_row = cycle_open(scene, **cycle)
    review = Review.objects.get(cycle=cycle_row, employee=scene.people[0])
    sections = {s.kind: s for s in scene.template.sections.all()}
    return scene, review, sections


def test_the_self_review_is_the_employees_alone_and_once():
    scene, review, sections = _setup()
    answer = [AnswerInput(section_id=sections["comments"].pk, comment="本季度安全无事故")]

    for stranger in (scene.users[1], scene.boss_user, scene.hr):
        with pytest.raises(ApplicationError, match="Only the employee"):
            review_self_submit(review=review, user=stranger, answers=answer)
    review = review_self_submit(review=review, user=scene.users[0], answers=answer)
    with pytest.raises(ApplicationError, match="submitted already"):
        review_self_submit(review=review, user=scene.users[0], answers=answer)

    assert review.stage == "manager"
    (row,) = ReviewAnswer.objects.filter(review=review)
    assert (row.reviewer_kind, row.author_id) == ("self", scene.users[0].pk)
    assert row.comment == "本季度安全无事故"


def test_only_the_manager_the_review_names_writes_it_after_the_self_review():
    scene, review, sections = _setup()
    rate = [
        AnswerInput(
            section_id=sections["competencies"].pk, competency_id=scene.competency.pk, rating=5
        )
    ]
    with pytest.raises(ApplicationError, match="not submitted their self review"):
        review_manager_submit(review=review, user=scene.boss_user, answers=rate, rating=4)
    review_self_submit(
        review=review,
        user=scene.users[0],
        answers=[AnswerInput(section_id=sections["comments"].pk, comment="ok")],
    )
    for stranger in (scene.users[0], scene.users[1], UserFactory(roles=[Role.EMPLOYEE])):
        with pytest.raises(ApplicationError, match="Only the manager"):
            review_manager_submit(review=review, user=stranger, answers=rate, rating=4)

    review = review_manager_submit(review=review, user=scene.boss_user, answers=rate, rating=4)

    assert (review.manager_rating, review.stage) == (4, "calibration")


@pytest.mark.parametrize(
    "bad",
    [
        {"rating": 6},
        {"rating": 0},
        {"competency_id": None},
        {"competency_id": 10**9},
        {"comment": "a\x00b", "rating": None},
        {"comment": "x" * 5001, "rating": None},
        {"rating": None, "comment": "  "},
        {"section_id": 10**9},
    ],
)
def test_bad_answers_change_nothing(bad):
    scene, review, sections = _setup(self_review=False)
    answer = {
        "section_id": sections["competencies"].pk,
        "competency_id": scene.competency.pk,
        "rating": 3,
        **bad,
    }

    with pytest.raises(ApplicationError):
        review_manager_submit(
            review=review, user=scene.boss_user, answers=[AnswerInput(**answer)], rating=3
        )

    assert not ReviewAnswer.objects.exists()
    assert Review.objects.get(pk=review.pk).manager_rating is None


@pytest.mark.parametrize("rating", [0, 6, 10**6])
def test_the_overall_rating_is_one_to_five(rating):
    scene, review, sections = _setup(self_review=False)
    with pytest.raises(ApplicationError, match="from 1 to 5"):
        review_manager_submit(
            review=review,
            user=scene.boss_user,
            answers=[AnswerInput(section_id=sections["comments"].pk, comment="ok")],
            rating=rating,
        )
    assert not ReviewAnswer.objects.exists()


def _peers_answer(scene, review, sections, ratings):  # type: ignore[no-untyped-def]
    for n, rating in enumerate(ratings):
        peer = UserFactory(roles=[Role.EMPLOYEE])
        reviewer_assign(review=review, reviewer=peer, kind="peer", actor=scene.hr)
        review_reviewer_submit(
            assignment=ReviewerAssignment.objects.get(review=review, reviewer=peer),
            user=peer,
            answers=[
                AnswerInput(
                    section_id=sections["competencies"].pk,
                    competency_id=scene.competency.pk,
                    rating=rating,
                    comment=f"意见{'zyx'[n]}",
                )
            ],
        )


def test_two_peer_answers_are_hidden_entirely():
    scene, review, sections = _setup(peer_review=True)

    _peers_answer(scene, review, sections, [5, 3])

    assert review_answers_pooled(review, "peer") is None


def test_three_peer_answers_show_pooled_unattributed_in_a_fixed_order():
    scene, review, sections = _setup(peer_review=True)

    _peers_answer(scene, review, sections, [5, 3, 4])

    (item,) = review_answers_pooled(review, "peer")
    assert item.competency_id == scene.competency.pk
    assert item.mean_rating == Decimal("4.00")
    assert item.comments == ["意见x", "意见y", "意见z"]  # by text, not as submitted (z, y, x)
    rows = ReviewAnswer.objects.filter(review=review, reviewer_kind="peer")
    assert rows.count() == 3
    assert not rows.filter(author__isnull=False).exists()
    # one timestamp for all: their times do not tell who answered when
    assert rows.values("submitted_at").distinct().count() == 1


def test_peers_only_where_the_cycle_has_them_and_never_oneself_and_once_each():
    scene, review, sections = _setup(peer_review=True)
    with pytest.raises(ApplicationError, match="no such reviews"):
        reviewer_assign(review=review, reviewer=scene.users[1], kind="upward", actor=scene.hr)
    with pytest.raises(ApplicationError, match="themselves"):
        reviewer_assign(review=review, reviewer=scene.users[0], kind="peer", actor=scene.hr)
    reviewer_assign(review=review, reviewer=scene.users[1], kind="peer", actor=scene.hr)
    with pytest.raises(ApplicationError, match="asked already"):
        reviewer_assign(review=review, reviewer=scene.users[1], kind="peer", actor=scene.hr)
    assignment = ReviewerAssignment.objects.get(review=review)
    answer = [AnswerInput(section_id=sections["comments"].pk, comment="好")]
    with pytest.raises(ApplicationError, match="Only the person asked"):
        review_reviewer_submit(assignment=assignment, user=scene.boss_user, answers=answer)
    review_reviewer_submit(assignment=assignment, user=scene.users[1], answers=answer)
    with pytest.raises(ApplicationError, match="answered already"):
        review_reviewer_submit(assignment=assignment, user=scene.users[1], answers=answer)
    assert ReviewAnswer.objects.filter(review=review).count() == 1
