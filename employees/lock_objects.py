"""Row locks of the employees app, always taken in pk order so two writers never deadlock."""

from django.db.models import QuerySet

from employees.models import Employee


def employee_lock(employee_id: int) -> Employee:
    """Lock one employee for the rest of the transaction: every change of their job
    record takes this lock first, so two dated changes never interleave."""
    return Employee.objects.select_for_update().get(pk=employee_id)


def employees_lock(ids: list[int]) -> QuerySet[Employee]:
    return Employee.objects.select_for_update().filter(pk__in=ids).order_by("pk")
