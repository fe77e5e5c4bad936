"""The effect of a course: review levels before and after, takers beside the others, with n."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employees.models import Course, SkillEvidence
from employees.training.effect import course_effect
from employees.training.services import enrolment_complete, enrolments_create
from hrflow.accounts.roles import Role
from tests.employees.training.scene import workshop_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _review(person, competency, score, day, n):
    SkillEvidence.objects.create(
        employee=person, competency=competency, source="review", score=Decimal(score),
        assessed_at=timezone.make_aware(datetime.combine(day, time(10))),
        origin_ref=f"employees.review:{person.pk}:{n}",
    )  # fmt: skip


def test_takers_before_and_after_beside_the_others_over_the_same_period(client):
    w = workshop_make(reports=4)
    course = Course.objects.get(code="safety-basics")
    today = timezone.localdate()
    done_on = today - timedelta(days=60)
    took, also_took, other, no_after = w.reports
    for person in (took, also_took):
        [enrolment] = enrolments_create(employees=[person], course=course, actor=None)
        enrolment_complete(enrolment=enrolment, completed_on=done_on, actor=None)
    # Takers: level 2 -> 4 and 2 -> 5; the other: 2 -> 2; one without a later review.
    for person, before, after in ((took, 25, 65), (also_took, 30, 90), (other, 30, 35)):
        _review(person, w.safety, before, done_on - timedelta(days=90), 1)
        _review(person, w.safety, after, done_on + timedelta(days=30), 2)
    _review(no_after, w.safety, 20, done_on - timedelta(days=90), 1)

    [row] = course_effect(course)

    assert (row.took.n, row.took.before, row.took.after) == (2, 2.0, 4.5)
    assert (row.did_not.n, row.did_not.before, row.did_not.after) == (1, 2.0, 2.0)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    page = client.get(reverse("employees:training-course-effect", kwargs={"pk": course.pk}))
    assert "(n = 2)" in page.content.decode()


def test_no_completions_leaves_both_sides_empty():
    workshop_make(reports=1)
    [row] = course_effect(Course.objects.get(code="safety-basics"))
    assert (row.took.n, row.did_not.n, row.took.change) == (0, 0, None)
