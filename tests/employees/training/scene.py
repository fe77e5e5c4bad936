"""A workshop for the training tests: a supervisor, a position in a job family, and
reports seated on it with AI-interview evidence, built in bulk so any size is quick."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from employees.models import Assignment, Employee, Position, SkillEvidence
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.competencies.models import Competency
from hrflow.org.models import Department
from hrflow.org.services import department_create
from tests.hrflow.factories import UserFactory

_serial = count(1)


@dataclass
class Workshop:
    boss_user: User
    boss: Employee
    position: Position
    department: Department
    reports: list[Employee]
    safety: Competency
    hands_on: Competency


def workshop_make(*, reports: int = 3, percentiles: list[int] | None = None) -> Workshop:
    """`reports` people under one supervisor; report i has AI safety awareness at
    `percentiles[i]` of the pool (no evidence past the list's end)."""
    n = next(_serial)
    since = timezone.localdate() - timedelta(days=200)
    department = department_create(name=f"车间{n}", code=f"ws{n}")
    position = Position.objects.create(
        code=f"ws{n}-op", title="操作工", department=department, headcount=reports + 5,
        job_family="production",
    )  # fmt: skip
    boss_user = UserFactory(roles=[Role.EMPLOYEE])
    boss = Employee.objects.create(
        number=f"W{n:03d}000", full_name="班组长", hire_date=since, user=boss_user
    )
    people = Employee.objects.bulk_create(
        Employee(number=f"W{n:03d}{i + 1:03d}", full_name=f"工人{i:03d}", hire_date=since)
        for i in range(reports)
    )
    Assignment.objects.bulk_create(
        Assignment(
            employee=person,
            valid_from=since,
            department=department,
            position=None if person is boss else position,
            manager=None if person is boss else boss,
            job_title="操作工",
            employment_type="full_time",
            status="regular",
            change="hire",
        )
        for person in [boss, *people]
    )
    safety = Competency.objects.get(code="safety_awareness")
    SkillEvidence.objects.bulk_create(
        SkillEvidence(
            employee=person,
            competency=safety,
            source="ai_interview",
            dimension_code="safety_awareness",
            score=Decimal(percentile),
            pool_percentile=Decimal(percentile),
            pool_size=120,
            assessed_at=timezone.now() - timedelta(days=210),
            origin_ref=f"recruiting.assessment:{person.pk}",
        )
        for person, percentile in zip(people, percentiles or [], strict=False)
    )
    return Workshop(
        boss_user=boss_user, boss=boss, position=position, department=department,
        reports=people, safety=safety, hands_on=Competency.objects.get(code="hands_on_ability"),
    )  # fmt: skip
