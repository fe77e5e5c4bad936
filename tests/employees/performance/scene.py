"""A small company for the review tests: a manager with two reports (all able to sign
in), a department template (KPI 60 %, competencies 40 %, comments), a safety-incident
metric, and a quarter's cycle opened with one safety goal per person."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from employees.models import Employee, Metric, ReviewCycle, ReviewTemplate, SectionKind
from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec, review_cycle_open
from employees.performance.templates import SectionInput, review_template_save
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency
from hrflow.org.models import Department
from tests.employees.contracts.people import employee_make
from tests.hrflow.factories import DepartmentFactory, UserFactory

SAFETY_BANDS = [[2, 100], [3, 60]]


@dataclass
class Scene:
    root: Department
    team: Department
    boss: Employee
    boss_user: User
    people: list[Employee]
    users: list[User]
    hr: User
    template: ReviewTemplate
    metric: Metric
    competency: Competency
    start: date
    end: date


def metric_make(code: str = "safety_incidents", aggregation: str = "sum") -> Metric:
    metric, _created = Metric.objects.get_or_create(
        code=code,
        defaults={
            "name_zh": "安全事故", "name_en": "Safety incidents", "direction": "lower",
            "aggregation": aggregation,
        },
    )  # fmt: skip
    return metric


def competency_make(code: str = "safety_awareness", levels: int = 5) -> Competency:
    competency, _created = Competency.objects.get_or_create(
        code=code, defaults={"name_zh": "安全意识", "name_en": "Safety awareness", "levels": levels}
    )
    return competency


def template_sections(competency: Competency) -> list[SectionInput]:
    return [
        SectionInput(kind=SectionKind.KPI, title="KPI", weight=Decimal(60)),
        SectionInput(
            kind=SectionKind.COMPETENCIES,
            title="能力",
            weight=Decimal(40),
            competency_ids=(competency.pk,),
        ),
        SectionInput(kind=SectionKind.COMMENTS, title="评语", weight=Decimal(0)),
    ]


def scene_make(*, people: int = 2) -> Scene:
    today = timezone.localdate()
    hired = today - timedelta(days=400)
    root = DepartmentFactory()
    team = DepartmentFactory(parent=root)
    boss_user = UserFactory(roles=[Role.EMPLOYEE])
    boss = employee_make(hire_date=hired, user=boss_user, status="regular", department=root)
    users = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(people)]
    staff = [
        employee_make(hire_date=hired, user=user, status="regular", manager=boss, department=team)
        for user in users
    ]
    competency = competency_make()
    template = review_template_save(
        name="车间考核", department=root, sections=template_sections(competency), actor=None
    )
    return Scene(
        root=root,
        team=team,
        boss=boss,
        boss_user=boss_user,
        people=staff,
        users=users,
        hr=UserFactory(roles=[Role.HR_ADMIN]),
        template=template,
        metric=metric_make(),
        competency=competency,
        start=today - timedelta(days=90),
        end=today - timedelta(days=1),
    )


def cycle_open(scene: Scene, **changes: object) -> ReviewCycle:
    """The quarter for the team's subtree, each person with the safety goal."""
    fields: dict[str, object] = {
        "name": "2026 Q3",
        "kind": "quarterly",
        "period_start": scene.start,
        "period_end": scene.end,
        "department": scene.team,
        **changes,
    }
    cycle = CycleInput(**fields)  # type: ignore[arg-type]
    plan = GoalPlan(
        by_department={
            scene.root.pk: [
                GoalSpec(
                    metric_id=scene.metric.pk,
                    direction="lower",
                    target=Decimal(2),
                    bands=SAFETY_BANDS,  # type: ignore[arg-type]
                )
            ]
        }
    )
    return review_cycle_open(cycle=cycle, actor=scene.hr, goals=plan)
