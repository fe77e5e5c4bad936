"""Who may act on which enrolment or employee: the one place each id from a request is
resolved (HR all; a manager their direct reports; for a cancel, also the person
enrolled; anyone else 404)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from employees.models import Course, CourseSession, Employee, Enrolment
from employees.models.scoping import reports_filter
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped

MANAGE = "employees.change_enrolment"


def enrollable_employees(user: User) -> QuerySet[Employee]:
    """Whom the user may enrol: HR anyone current, a manager their current reports."""
    people = scoped(Employee.objects.filter(left_on__isnull=True), user)
    return people if user.has_perm(MANAGE) else people.filter(reports_filter(user))


def employees_get_for_enrolment(*, user: User, ids: list[int]) -> list[Employee]:
    """Every posted id, or 404 if any lies outside what the user may enrol."""
    wanted = set(ids)
    found = list(enrollable_employees(user).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404
    return found


def enrolment_get_for_completion(*, user: User, pk: int) -> Enrolment:
    """An enrolment HR, or the employee's manager, may mark completed (never one's own)."""
    enrolments = scoped(Enrolment.objects.select_related("course", "employee"), user)
    if not user.has_perm(MANAGE):
        enrolments = enrolments.filter(reports_filter(user, prefix="employee__"))
    enrolment = enrolments.filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    return enrolment


def enrolment_get_for_cancel(*, user: User, pk: int) -> Enrolment:
    """An enrolment HR, the employee's manager or the employee themselves may cancel."""
    enrolments = scoped(Enrolment.objects.select_related("course", "employee"), user)
    if not user.has_perm(MANAGE):
        enrolments = enrolments.filter(
            Q(employee__user_id=user.pk) | reports_filter(user, prefix="employee__")
        )
    enrolment = enrolments.filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    return enrolment


def session_get_for_enrolment(*, course: Course, pk: int | None) -> CourseSession | None:
    """The course's session `pk` (None when none is asked for), or 404: a session is seen
    through its course, having no scope of its own."""
    if not pk:
        return None
    session = course.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def enrolment_cancel_allowed(enrolment: Enrolment, actor: User | None) -> bool:
    """Whether `actor` may cancel: HR and the manager always (their reach is checked
    where the enrolment is looked up); the person only an enrolment nobody else made.
    Training a manager or HR booked, a required certificate say, is not dropped
    quietly by the person it was booked for."""
    if actor is None or enrolment.employee.user_id != actor.pk or actor.has_perm(MANAGE):
        return True
    return enrolment.enrolled_by_id in (None, actor.pk)
