"""Opening a cycle: one review each, the manager and department of the opening day,
templates up the department tree, goals from the plan, refusals that name people,
and a fixed number of statements whatever the size."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employees.models import Goal, Review, ReviewCycle, ReviewTemplate
from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec, review_cycle_open
from hrflow.core.errors import ApplicationError
from hrflow.core.models import AuditEvent
from tests.employees.contracts.people import employee_make
from tests.employees.performance.scene import SAFETY_BANDS, cycle_open, scene_make
from tests.hrflow.factories import DepartmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_each_person_in_the_subtree_gets_one_review_with_the_nearest_template_and_goals():
    scene = scene_make()

    cycle = cycle_open(scene)

    reviews = list(Review.objects.filter(cycle=cycle).order_by("employee_id"))
    assert [r.employee_id for r in reviews] == [p.pk for p in scene.people]
    assert {(r.manager_id, r.department_id, r.template_id, r.stage) for r in reviews} == {
        (scene.boss.pk, scene.team.pk, scene.template.pk, "self")
    }
    goals = list(Goal.objects.filter(review__cycle=cycle))
    assert len(goals) == 2
    assert {(g.metric_id, g.direction, g.target, g.weight) for g in goals} == {
        (scene.metric.pk, "lower", Decimal(2), Decimal(100))
    }
    assert goals[0].bands == [["2", "100"], ["3", "60"]]
    assert goals[0].section.kind == "kpi"
    (audit,) = AuditEvent.objects.filter(action="employees.review_cycle_open")
    assert audit.changes["reviews"] == 2


def test_the_whole_company_excludes_people_who_left_or_start_after_the_period():
    scene = scene_make()
    employee_make(
        hire_date=scene.end + timedelta(days=1), status="probation", department=scene.team
    )
    employee_make(hire_date=scene.start, status="left", department=scene.team)

    cycle = cycle_open(scene, department=None)

    # the boss (root), the two reports; not the late starter nor the leaver
    assert set(Review.objects.filter(cycle=cycle).values_list("employee_id", flat=True)) == {
        scene.boss.pk,
        *(p.pk for p in scene.people),
    }


def test_people_without_a_template_are_named_and_nothing_is_opened():
    scene = scene_make()
    elsewhere = DepartmentFactory()
    employee_make(hire_date=scene.start, status="regular", department=elsewhere, name="孤儿甲")

    with pytest.raises(ApplicationError, match="孤儿甲"):
        cycle_open(scene, department=None)

    assert not ReviewCycle.objects.exists()
    assert not Review.objects.exists()


def test_the_cycle_template_applies_to_everyone():
    scene = scene_make()
    other = ReviewTemplate.objects.get(pk=scene.template.pk)
    elsewhere = DepartmentFactory()
    lone = employee_make(hire_date=scene.start, status="regular", department=elsewhere)

    cycle = cycle_open(scene, department=None, template=other)

    assert Review.objects.get(cycle=cycle, employee=lone).template_id == other.pk


def test_a_goal_per_employee_beats_the_department_plan():
    scene = scene_make()
    own = GoalSpec(
        metric_id=scene.metric.pk, direction="lower", target=Decimal(1), bands=[[1, 100]]
    )
    plan = GoalPlan(
        by_employee={scene.people[0].pk: [own]},
        by_department={
            scene.root.pk: [
                GoalSpec(
                    metric_id=scene.metric.pk,
                    direction="lower",
                    target=Decimal(2),
                    bands=SAFETY_BANDS,
                )
            ]
        },
    )
    cycle = review_cycle_open(
        cycle=CycleInput(
            name="Q", kind="quarterly", period_start=scene.start, period_end=scene.end,
            department=scene.team,
        ),
        actor=None,
        goals=plan,
    )  # fmt: skip

    goals = Goal.objects.filter(review__cycle=cycle)
    targets = dict(goals.values_list("review__employee", "target"))
    assert targets == {scene.people[0].pk: Decimal(1), scene.people[1].pk: Decimal(2)}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"weight": Decimal(60)}, "add up to 60 %"),
        ({"bands": [[3, 100], [2, 60]]}, "rise"),
        ({"bands": [["NaN", 100]]}, "both numbers"),
        ({"bands": [["²", 100]]}, "both numbers"),
        ({"bands": []}, "at least one band"),
        ({"metric_id": 10**12}, "not active"),
        ({"direction": "sideways"}, "direction"),
        ({"target": Decimal("Infinity")}, "target"),
    ],
)
def test_a_bad_goal_plan_opens_nothing(spec, message):
    scene = scene_make()
    goal = {
        "metric_id": scene.metric.pk,
        "direction": "lower",
        "target": Decimal(2),
        "bands": SAFETY_BANDS,
        "weight": Decimal(100),
        **spec,
    }

    with pytest.raises(ApplicationError, match=message):
        review_cycle_open(
            cycle=CycleInput(
                name="Q", kind="quarterly", period_start=scene.start, period_end=scene.end
            ),
            actor=None,
            goals=GoalPlan(by_department={scene.root.pk: [GoalSpec(**goal)]}),
        )

    assert not ReviewCycle.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [{"name": " "}, {"name": "x" * 121}, {"kind": "weekly"}],
)
def test_a_bad_cycle_is_refused(changes):
    scene = scene_make()
    with pytest.raises(ApplicationError):
        cycle_open(scene, **changes)
    assert not ReviewCycle.objects.exists()


def test_a_period_ending_before_it_starts_is_refused():
    scene = scene_make()
    with pytest.raises(ApplicationError, match="end on or after"):
        review_cycle_open(
            cycle=CycleInput(
                name="Q", kind="annual", period_start=scene.end, period_end=scene.start
            ),
            actor=None,
        )
    assert not ReviewCycle.objects.exists()


def test_opening_takes_the_same_statements_at_any_size():
    """Set-based: 3 people or 30 cost the same number of statements."""
    counts = []
    for people in (3, 30):
        scene = scene_make(people=people)
        with CaptureQueriesContext(connection) as queries:
            cycle = cycle_open(scene)
        assert Review.objects.filter(cycle=cycle).count() == people
        counts.append(len(queries))
    assert counts[0] == counts[1]
