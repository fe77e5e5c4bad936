"""Who may do work that needs a certificate: a valid one for every course their
position requires (`CertificateRequirement`)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.db.models import Q

from employees.models import Certificate, CertificateRequirement, Course, Employee
from employees.selectors.positions import seated_on


def not_cleared(employees: Sequence[Employee], day: date) -> dict[int, list[Course]]:
    """employee id -> the required courses they hold no valid certificate of on `day`.

    A certificate is valid from its issue day up to the day before `expires_on`: on
    that day it has lapsed. Three queries, whatever the number of people.
    """
    seat = dict(
        seated_on(day)
        .filter(employee_id__in=[e.pk for e in employees], position__isnull=False)
        .values_list("employee_id", "position_id")
    )
    by_position: dict[int, list[Course]] = defaultdict(list)
    position_ids = set(seat.values())
    for requirement in CertificateRequirement.objects.filter(
        position_id__in=position_ids
    ).select_related("course"):
        by_position[requirement.position_id].append(requirement.course)
    if not by_position:
        return {}
    held = set(
        Certificate.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gt=day),
            employee_id__in=list(seat),
            issued_on__lte=day,
        ).values_list("employee_id", "course_id")
    )
    missing = {}
    for employee_id, position_id in seat.items():
        lacking = [
            course
            for course in by_position.get(position_id, [])
            if (employee_id, course.pk) not in held
        ]
        if lacking:
            missing[employee_id] = lacking
    return missing
