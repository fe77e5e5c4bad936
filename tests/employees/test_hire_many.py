"""Hiring many at once (a move of many cards into the hired stage): the same hire,
set-based, all or none, with a number of queries that does not grow with the count."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.models import (
    Employee,
    EmployeeStatus,
    HiredDimensionScore,
    OnboardingPlan,
    SkillEvidence,
)
from hrflow.core.errors import ApplicationError
from recruiting.hiring.services import application_hire, applications_hire
from recruiting.models import Application, AssessmentDimensionScore, Offer, StageKind
from recruiting.models.applications import StageTransition
from recruiting.services.applications import application_bulk_move
from tests.employees.hire_scene import hire_scene, media_files
from tests.recruiting.factories import JobFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _carried(employee: Employee) -> tuple[int, ...]:
    return (
        employee.documents.count(),
        employee.notes.count(),
        employee.consents.count(),
        employee.hired_assessments.count(),
        HiredDimensionScore.objects.filter(assessment__employee=employee).count(),
        employee.skill_evidence.count(),
        employee.assignments.count(),
        OnboardingPlan.objects.filter(employee=employee).count(),
    )


def _hire_together(ids: list[int]) -> int:
    with CaptureQueriesContext(connection) as queries:
        outcomes = applications_hire(application_ids=ids, actor=None)
    assert [outcome.created for outcome in outcomes] == [True] * len(ids)
    return len(queries.captured_queries)


def test_many_hired_together_carry_what_one_hired_alone_carries_in_fixed_queries() -> None:
    job = JobFactory()
    alone = application_hire(application=hire_scene(job=job).application).employee
    two = [hire_scene(job=job).application.pk for _ in range(2)]
    five = [hire_scene(job=job).application.pk for _ in range(5)]

    queries_for_two = _hire_together(two)
    queries_for_five = _hire_together(five)

    assert queries_for_five == queries_for_two
    expected = _carried(alone)
    assert expected[0] == 4  # files really carried
    assert expected[5] > 0  # and skills
    for pk in two + five:
        employee = Employee.objects.get(source_application_id=pk)
        assert _carried(employee) == expected
        statuses = employee.assignments.order_by("valid_from").values_list("status", flat=True)
        assert list(statuses) == [EmployeeStatus.PRE_BOARDING, EmployeeStatus.PROBATION]
    hired = Application.objects.filter(pk__in=two + five)
    assert set(hired.values_list("status", "stage__kind")) == {
        (Application.Status.HIRED, StageKind.HIRED)
    }
    assert StageTransition.objects.filter(
        application__in=hired, to_status=Application.Status.HIRED
    ).count() == len(two + five)
    numbers = list(Employee.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) == 8


def test_each_hire_of_a_bulk_is_ranked_in_the_whole_applicant_pool() -> None:
    """Three AI interviews at one job: one scored 100 on communication, two 90."""
    job = JobFactory()
    scenes = [hire_scene(job=job) for _ in range(3)]
    AssessmentDimensionScore.objects.filter(
        assessment=scenes[0].ai, dimension__code="communication"
    ).update(score=Decimal("100"))

    applications_hire(application_ids=[scene.application.pk for scene in scenes], actor=None)

    ranks = [
        SkillEvidence.objects.filter(
            employee__source_application_id=scene.application.pk, dimension_code="communication"
        )
        .values_list("pool_percentile", "pool_size")
        .get()
        for scene in scenes
    ]
    # (2 below + 1 tie / 2) / 3 and (0 below + 2 ties / 2) / 3
    assert ranks == [(Decimal("83.33"), 3), (Decimal("33.33"), 3), (Decimal("33.33"), 3)]


def test_one_that_cannot_be_hired_refuses_the_whole_move_by_name_and_leaves_nothing() -> None:
    job = JobFactory()
    scenes = [hire_scene(job=job) for _ in range(3)]
    Offer.objects.filter(pk=scenes[1].offer.pk).update(status=Offer.Status.DECLINED)
    files_before = media_files()
    hired_stage = job.stages.get(kind=StageKind.HIRED)

    with pytest.raises(ApplicationError) as refused:
        application_bulk_move(
            application_ids=[scene.application.pk for scene in scenes], to_stage=hired_stage
        )

    name = scenes[1].application.candidate.shown_name
    assert refused.value.message == (
        f"{name} cannot be hired yet: The candidate has not accepted an offer."
    )
    assert not Employee.objects.exists()
    assert media_files() == files_before
    assert set(Application.objects.filter(job=job).values_list("status", flat=True)) == {
        Application.Status.ACTIVE
    }


def test_a_file_that_fails_late_in_a_bulk_leaves_no_copy_of_the_earlier_ones() -> None:
    job = JobFactory()
    scenes = [hire_scene(job=job) for _ in range(3)]
    Offer.objects.filter(pk=scenes[2].offer.pk).update(letter_sha256="0" * 64)
    files_before = media_files()

    with pytest.raises(ApplicationError, match="not the one that was uploaded"):
        applications_hire(application_ids=[scene.application.pk for scene in scenes], actor=None)

    assert media_files() == files_before
    assert not Employee.objects.exists()
    assert not OnboardingPlan.objects.exists()


def test_one_hired_earlier_is_returned_as_it_was_and_the_others_are_hired() -> None:
    job = JobFactory()
    first, second = hire_scene(job=job), hire_scene(job=job)
    earlier = application_hire(application=first.application).employee
    carried_before = _carried(earlier)

    outcomes = applications_hire(
        application_ids=[first.application.pk, second.application.pk], actor=None
    )

    assert [(outcome.employee.pk == earlier.pk, outcome.created) for outcome in outcomes] == [
        (True, False),
        (False, True),
    ]
    assert _carried(earlier) == carried_before
    assert Employee.objects.count() == 2
