"""Reads about positions: seats filled and vacant on a day, in a fixed number of queries."""

from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from employees.models import Assignment, EmployeeStatus, Position


def seated_on(day: date) -> QuerySet[Assignment]:
    """The job records in force on `day` of people who have not left: who sits where."""
    return Assignment.objects.as_of(day).exclude(status=EmployeeStatus.LEFT)


def position_list(
    *, day: date, q: str = "", department_id: int | None = None, include_inactive: bool = False
) -> QuerySet[Position]:
    """Positions with `filled` (people seated on `day`) and `vacant` (seats left, never < 0).

    Every signed-in role may read positions (PositionQuerySet), so this needs no
    user: the pages that show it decide who opens them.
    """
    filled = (
        seated_on(day)
        .filter(position=OuterRef("pk"))
        .order_by()
        .values("position")
        .annotate(n=Count("pk"))
        .values("n")
    )
    positions = (
        Position.objects.select_related("department", "location", "reports_to")
        .annotate(filled=Coalesce(Subquery(filled, output_field=IntegerField()), Value(0)))
        .annotate(vacant=Greatest(F("headcount") - F("filled"), Value(0)))
        .order_by("department__path", "title", "pk")
    )
    if not include_inactive:
        positions = positions.filter(is_active=True)
    if department_id is not None:
        positions = positions.filter(department_id=department_id)
    if q:
        positions = positions.filter(
            Q(title__icontains=q) | Q(code__icontains=q) | Q(department__name__icontains=q)
        )
    return positions
