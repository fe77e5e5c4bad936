"""What the pay pages read, each at a constant number of queries whatever the number of
employees, groups, components or salary records. Every read goes through the viewer's
scope: pay rows by `PayrollQuerySet`, employees by `employees.pay.access`."""

from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from employees.models import Employee, PayComponent, PayGroup, SalaryRecord
from employees.pay.access import pay_employees
from employees.pay.salaries import salary_records_with_items
from employees.pay.setup import AMOUNT_CALCULATIONS
from hrflow.accounts.scoping import scoped


def pay_group_rows(viewer: Any, day: date) -> QuerySet[PayGroup]:
    """The pay groups, each with how many employees it pays on `day`."""
    paid = (
        SalaryRecord.objects.as_of(day)
        .filter(pay_group=OuterRef("pk"))
        .order_by()
        .values("pay_group")
        .annotate(count=Count("employee_id", distinct=True))
        .values("count")
    )
    return (
        scoped(PayGroup.objects.all(), viewer)
        .annotate(paid=Coalesce(Subquery(paid, output_field=IntegerField()), Value(0)))
        .order_by("-active", "name")
    )


def pay_component_rows(viewer: Any) -> QuerySet[PayComponent]:
    """The components in payslip order: by position, then code."""
    return scoped(PayComponent.objects.all(), viewer).order_by("-active", "position", "code")


def amount_components(viewer: Any) -> list[PayComponent]:
    """The active components whose amount a salary gives, in payslip order."""
    return list(
        scoped(PayComponent.objects.all(), viewer)
        .filter(active=True, calculation__in=AMOUNT_CALCULATIONS)
        .order_by("position", "code")
    )


def salary_history(viewer: Any, employee: Employee) -> list[SalaryRecord]:
    """The employee's salary records, latest first, with their items."""
    return list(
        scoped(salary_records_with_items().filter(employee=employee), viewer)
        .select_related("pay_group", "recorded_by")
        .order_by("-valid_from")
    )


def record_in_force(records: list[SalaryRecord], day: date) -> SalaryRecord | None:
    """Of `records`, the one in force on `day`; else the first one still to come."""
    for record in records:
        if record.valid_from <= day and (record.valid_to is None or record.valid_to > day):
            return record
    coming = [record for record in records if record.valid_from > day]
    return min(coming, key=lambda record: record.valid_from) if coming else None


def groups_to_choose(viewer: Any, keep: PayGroup | None) -> QuerySet[PayGroup]:
    """The groups a salary may name: the active ones, and the one it has already."""
    keep_filter = Q(pk=keep.pk) if keep is not None else Q(pk__in=[])
    return scoped(PayGroup.objects.filter(Q(active=True) | keep_filter), viewer).order_by("name")


def salary_rows(viewer: Any, *, q: str, include_left: bool, day: date) -> QuerySet[Employee]:
    """The employees whose pay the viewer handles, by number, each with the salary record
    in force on `day` (`salary_now`, a list of at most one)."""
    employees = pay_employees(viewer)
    if q:
        employees = employees.filter(
            Q(full_name__icontains=q) | Q(preferred_name__icontains=q) | Q(number__istartswith=q)
        )
    if not include_left:
        employees = employees.filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
    in_force = scoped(SalaryRecord.objects.as_of(day), viewer).select_related("pay_group")
    return employees.prefetch_related(
        Prefetch("salary_records", queryset=in_force, to_attr="salary_now")
    ).order_by("number")
