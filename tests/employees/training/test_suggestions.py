"""Suggestions: a weak AI dimension or a gap yields the courses that build the competency."""

from decimal import Decimal

import pytest
from django.utils import timezone

from employees.models import CompetencyRequirement, Course, Enrolment, TrainingSettings
from employees.selectors.positions import seated_on
from employees.training.suggestions import BELOW, WEAK_AI, suggestions_for, suggestions_grouped
from tests.employees.training.scene import workshop_make

pytestmark = pytest.mark.django_db


def _seats(w):
    return list(
        seated_on(timezone.localdate())
        .filter(position=w.position)
        .select_related("employee", "position")
    )


def test_a_weak_ai_dimension_yields_the_mapped_course_and_a_strong_one_does_not():
    w = workshop_make(reports=2, percentiles=[20, 80])

    suggestions = suggestions_for(_seats(w))

    assert [(s.employee, s.reason, s.pool_percentile) for s in suggestions] == [
        (w.reports[0], WEAK_AI, Decimal("20.00"))
    ]
    codes = {course.code for course in suggestions[0].courses}
    assert "safety-basics" in codes  # 安全生产操作规范 builds safety_awareness


def test_the_weak_line_is_the_companys_setting():
    w = workshop_make(reports=2, percentiles=[20, 40])
    settings = TrainingSettings.current()
    settings.weak_pool_percentile = 50
    settings.save(update_fields=["weak_pool_percentile"])

    assert {s.employee for s in suggestions_for(_seats(w))} == set(w.reports)


def test_below_the_requirement_suggests_and_a_course_taken_is_not_suggested_again():
    w = workshop_make(reports=2, percentiles=[90, 90])  # strong in the pool, level 5
    CompetencyRequirement.objects.create(position=w.position, competency=w.hands_on, level=3)
    Enrolment.objects.create(
        employee=w.reports[1], course=Course.objects.get(code="hands-on-workshop")
    )

    suggestions = {(s.employee, s.competency.code): s for s in suggestions_for(_seats(w))}

    first = suggestions[(w.reports[0], "hands_on_ability")]
    assert (first.reason, first.required, first.current) == (BELOW, 3, None)
    assert {c.code for c in first.courses} == {"hands-on-workshop", "special-operations"}
    second = suggestions[(w.reports[1], "hands_on_ability")]
    assert {c.code for c in second.courses} == {"special-operations"}
    assert not any(code == "safety_awareness" for _person, code in suggestions)


def test_suggestions_group_by_competency_for_the_supervisors_sentence():
    w = workshop_make(reports=12, percentiles=[10, 15, 25, 60, 70])

    groups = suggestions_grouped(suggestions_for(_seats(w)))

    assert len(groups) == 1
    assert (groups[0].competency, len(groups[0].suggestions)) == (w.safety, 3)
    assert (
        "安全生产操作规范" in groups[0].course_names or "Safe operating" in groups[0].course_names
    )


@pytest.mark.parametrize("size", [5, 40])
def test_a_whole_team_costs_the_same_queries(size, django_assert_num_queries):
    w = workshop_make(reports=size, percentiles=[10] * size)
    CompetencyRequirement.objects.create(job_family="production", competency=w.hands_on, level=2)
    seats = _seats(w)
    TrainingSettings.current()  # the settings row, made on first read
    # Settings, requirements, levels, competencies, AI evidence, courses, enrolments.
    with django_assert_num_queries(7):
        suggestions = suggestions_for(seats)
    assert len(suggestions) == 2 * size
