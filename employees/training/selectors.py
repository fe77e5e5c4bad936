"""Reads for the training pages: a manager's team, an employee's own training, the catalogue."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from employees.models import Certificate, Course, Employee, Enrolment
from employees.selectors.team import team_of
from employees.skills.selectors import Gap, assignment_today, gaps_for
from employees.training.clearance import not_cleared
from employees.training.suggestions import (
    Suggestion,
    SuggestionGroup,
    suggestions_for,
    suggestions_grouped,
)
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped


@dataclass
class TeamTraining:
    size: int
    groups: list[SuggestionGroup]
    enrolments: list[Enrolment]
    # Who lacks a valid certificate their position needs, with the courses that give it.
    not_cleared: list[tuple[Employee, list[Course]]]


def team_training(*, user: User, day: date) -> TeamTraining:
    """The user's direct reports' suggestions by competency, their open enrolments and who
    is not cleared: a fixed number of queries for any team size."""
    team = list(team_of(user=user, day=day))
    employees = [a.employee for a in team]
    missing = not_cleared(employees, day)
    enrolments = list(
        scoped(Enrolment.objects.all(), user)
        .filter(employee__in=employees, status=Enrolment.Status.ENROLLED)
        .select_related("employee", "course", "session")
        .order_by("course__code", "employee__full_name")
    )
    return TeamTraining(
        size=len(team),
        groups=suggestions_grouped(suggestions_for(team)),
        enrolments=enrolments,
        not_cleared=[(person, missing[person.pk]) for person in employees if person.pk in missing],
    )


def own_training(employee: Employee, day: date) -> dict[str, Any]:
    """What an employee sees of their own training: suggestions, gaps, enrolments, certificates."""
    seat = assignment_today(employee.pk, day)
    seats = [seat] if seat else []
    if seat is not None:
        seat.employee = employee
    suggestions: list[Suggestion] = suggestions_for(seats)
    gaps: list[Gap] = gaps_for(seats).get(employee.pk, [])
    return {
        "suggestions": suggestions,
        "gaps": gaps,
        "enrolments": list(
            Enrolment.objects.filter(employee=employee)
            .exclude(status=Enrolment.Status.CANCELLED)
            .select_related("course", "session")[:20]
        ),
        "certificates": list(Certificate.objects.filter(employee=employee)[:20]),
        "not_cleared": not_cleared([employee], day).get(employee.pk, []),
        "day": day,
    }


def course_list() -> QuerySet[Course]:
    """The catalogue with what each course builds and how many sessions and open enrolments."""
    return Course.objects.annotate(
        session_count=Count("sessions", distinct=True),
        enrolled=Count(
            "enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED), distinct=True
        ),
    ).prefetch_related("builds__competency")
