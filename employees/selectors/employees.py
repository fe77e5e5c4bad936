"""Reads of employees for lists and pages: scoped, with the job record as of a day,
in a fixed number of queries whatever the page size."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from employees.models import Assignment, Employee
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import AnyUser
from hrflow.accounts.selectors import user_roles

JOB_RELATED = ("department", "position", "manager", "location")
# Ciphertext columns: decrypting them costs time on every row read, and lists and
# job records never show them (a reveal reads them on its own, logged).
ENCRYPTED = ("id_number", "bank_account", "emergency_contacts", "health_notes")


def employee_list(
    *,
    employees: QuerySet[Employee],
    day: date,
    department_id: int | None = None,
    position_id: int | None = None,
    manager_id: int | None = None,
    status: str | None = None,
    employment_type: str | None = None,
    q: str = "",
) -> QuerySet[Employee]:
    """Of `employees` (already scoped to the caller), those with a job record on `day`
    matching the filters, each with `job_rows` (that day's record, one row) prefetched."""
    jobs = Assignment.objects.as_of(day).filter(employee=OuterRef("pk"))
    if department_id is not None:
        jobs = jobs.filter(department_id=department_id)
    if position_id is not None:
        jobs = jobs.filter(position_id=position_id)
    if manager_id is not None:
        jobs = jobs.filter(manager_id=manager_id)
    if status:
        jobs = jobs.filter(status=status)
    if employment_type:
        jobs = jobs.filter(employment_type=employment_type)
    employees = employees_with_job(employees, day).filter(Exists(jobs))
    q = q.strip()
    if q:
        employees = employees.filter(Q(full_name__icontains=q) | Q(number__iexact=q))
    return employees


def employees_with_job(employees: QuerySet[Employee], day: date) -> QuerySet[Employee]:
    """`employees`, each with `job_rows`: the job record in force on `day` (0 or 1 row)."""
    return employees.defer(*ENCRYPTED).prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.as_of(day)
            .select_related(*JOB_RELATED)
            .defer(*(f"manager__{name}" for name in ENCRYPTED)),
            to_attr="job_rows",
        )
    )


def employee_history(employee: Employee) -> QuerySet[Assignment]:
    """Every job record of the employee, oldest first."""
    return (
        employee.assignments.select_related(*JOB_RELATED)
        .defer(*(f"manager__{name}" for name in ENCRYPTED))
        .order_by("valid_from")
    )


def employee_private_visible(*, user: AnyUser, employee: Employee) -> bool:
    """Whether `user` reads the person's private contacts (home address, personal
    e-mail): HR admins and the person themselves, not their manager."""
    if Role.HR_ADMIN in user_roles(user):
        return True
    return employee.user_id is not None and employee.user_id == getattr(user, "pk", None)
