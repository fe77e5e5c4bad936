"""A manager's team: the people whose job record names them as manager on a day."""

from datetime import date

from django.db.models import QuerySet

from employees.models import Assignment
from employees.selectors.positions import seated_on
from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped


def team_of(*, user: User, day: date) -> QuerySet[Assignment]:
    """The user's direct reports on `day` with their job record: one query, any team size.

    Read through the Employee scoping too, so the page can show no one the
    scoping would hide.
    """
    reports = (
        seated_on(day)
        .filter(manager__user=user)
        .select_related("employee", "position", "department")
        .order_by("employee__full_name", "employee_id")
    )
    return scoped(reports, user)
