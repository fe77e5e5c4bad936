"""Where an employee works, for the leave rules: the rules region of their work location
on a day ("" = the national rules), and the standard working day there in hours."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from employees.models import Assignment, Employee
from employees.selectors.rules import legal_value


def regions_on(employee_ids: Iterable[int], day: date) -> dict[int, str]:
    """Employee id -> the region of the location their assignment names on `day`."""
    rows = (
        Assignment.objects.as_of(day)
        .filter(employee_id__in=list(employee_ids), location__isnull=False)
        .values_list("employee_id", "location__region")
    )
    return {employee_id: region or "" for employee_id, region in rows}


def region_of(employee: Employee, day: date) -> str:
    return regions_on([employee.pk], day).get(employee.pk, "")


def standard_day_hours(day: date, region: str = "") -> Decimal:
    """The legal standard working day (`worktime.standard_hours` per_day), in hours."""
    return Decimal(str(legal_value("worktime.standard_hours", on=day, region=region)["per_day"]))
