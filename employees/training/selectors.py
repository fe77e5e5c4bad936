"""Reads for the training pages: a manager's team, an employee's own training, the catalogue."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from employees.models import Certificate, Course, CourseSession, Employee, Enrolment
from employees.selectors.team import team_of
from employees.skills.selectors import Gap, assignment_today, gaps_for
from employees.training.access import enrolment_cancel_allowed
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
class Offer:
    """One choice of a suggestion group's enrol form: a course without upcoming
    sessions, or one upcoming session of a course with its free seats."""

    course: Course
    session: CourseSession | None = None
    free: int = 0
    selected: bool = False

    @property
    def value(self) -> str:
        """What the form posts as `course`: the course's id, or `course:session`."""
        if self.session is None:
            return str(self.course.pk)
        return f"{self.course.pk}:{self.session.pk}"

    @property
    def full(self) -> bool:
        return self.session is not None and self.free <= 0


@dataclass
class GroupEnrol:
    """A suggestion group with the courses and sessions its one action may enrol in."""

    group: SuggestionGroup
    offers: list[Offer]

    @property
    def can_enrol(self) -> bool:
        return any(not offer.full for offer in self.offers)


@dataclass
class TeamTraining:
    size: int
    groups: list[GroupEnrol]
    enrolments: list[Enrolment]
    # Who lacks a valid certificate their position needs, with the courses that give it.
    not_cleared: list[tuple[Employee, list[Course]]]


def team_training(*, user: User, day: date, now: datetime | None = None) -> TeamTraining:
    """The user's direct reports' suggestions by competency with the sessions to enrol
    them in, their open enrolments and who is not cleared: a fixed number of queries for
    any team size."""
    team = list(team_of(user=user, day=day))
    employees = [a.employee for a in team]
    missing = not_cleared(employees, day)
    # One read of the team's enrolments serves both the open ones listed and the
    # courses the suggestions leave out, so the page's query count stays fixed.
    held = list(
        scoped(Enrolment.objects.all(), user)
        .filter(employee__in=employees)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("employee", "course", "session")
        .order_by("course__code", "employee__full_name", "pk")
    )
    groups = suggestions_grouped(
        suggestions_for(team, taken={(e.employee_id, e.course_id) for e in held})
    )
    sessions = upcoming_sessions(
        {course.pk for group in groups for course in group.courses}, now=now or timezone.now()
    )
    return TeamTraining(
        size=len(team),
        groups=[GroupEnrol(group, group_offers(group, sessions)) for group in groups],
        enrolments=[e for e in held if e.status == Enrolment.Status.ENROLLED],
        not_cleared=[(person, missing[person.pk]) for person in employees if person.pk in missing],
    )


def upcoming_sessions(
    course_ids: Iterable[int], *, now: datetime
) -> dict[int, list[CourseSession]]:
    """Course id -> its sessions not yet started, earliest first, each with `taken` seats."""
    rows = (
        CourseSession.objects.filter(course_id__in=set(course_ids), starts_at__gt=now)
        .annotate(
            taken=Count("enrolments", filter=~Q(enrolments__status=Enrolment.Status.CANCELLED))
        )
        .order_by("starts_at", "pk")
    )
    by_course: dict[int, list[CourseSession]] = defaultdict(list)
    for session in rows:
        by_course[session.course_id].append(session)
    return by_course


def group_offers(group: SuggestionGroup, sessions: dict[int, list[CourseSession]]) -> list[Offer]:
    """The group's courses, a course with upcoming sessions as one offer per session.

    Chosen first: the first offer that seats everyone suggested (a course without
    sessions, or the earliest session with enough free seats), else the first that
    is not full.
    """
    offers: list[Offer] = []
    for course in group.courses:
        upcoming = sessions.get(course.pk)
        if not upcoming:
            offers.append(Offer(course))
            continue
        offers += [
            Offer(course, session, free=max(session.seats - session.taken, 0))  # type: ignore[attr-defined]
            for session in upcoming
        ]
    wanted = len(group.suggestions)
    chosen = next((o for o in offers if o.session is None or o.free >= wanted), None)
    chosen = chosen or next((o for o in offers if not o.full), None)
    if chosen is not None:
        chosen.selected = True
    return offers


def own_training(employee: Employee, day: date) -> dict[str, Any]:
    """What an employee sees of their own training: suggestions, gaps, enrolments, certificates."""
    seat = assignment_today(employee.pk, day)
    seats = [seat] if seat else []
    if seat is not None:
        seat.employee = employee
    suggestions: list[Suggestion] = suggestions_for(seats)
    gaps: list[Gap] = gaps_for(seats).get(employee.pk, [])
    enrolments = list(
        Enrolment.objects.filter(employee=employee)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("course", "session", "enrolled_by")[:20]
    )
    for enrolment in enrolments:
        enrolment.employee = employee
        # The person's own page: may they drop it, or was it booked for them?
        allowed = employee.user is not None and enrolment_cancel_allowed(enrolment, employee.user)
        enrolment.cancellable = (  # type: ignore[attr-defined]
            enrolment.status == Enrolment.Status.ENROLLED and allowed
        )
    return {
        "suggestions": suggestions,
        "gaps": gaps,
        "enrolments": enrolments,
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
