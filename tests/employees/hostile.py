"""Hostile values for the surfaces that create employees, and the picture of what a
refused request must leave unchanged (tests/recruiting/hiring/test_hostile_input.py,
tests/employees/records/test_create_hostile_input.py)."""

from typing import Any

from employees.models import Assignment, Employee, EmployeeDocument
from hrflow.core.models import AuditEvent
from recruiting.models import Application
from recruiting.models.applications import StageTransition

# Arabic-Indic digits: int("١٢") is 12, a number nobody typed in the digits ids are written in.
ARABIC = str.maketrans("0123456789", "".join(chr(0x660 + digit) for digit in range(10)))
NUL = "a\x00b"  # PostgreSQL stores no NUL in text
LONG = "x" * 100_000
# For numeric and id fields: isdigit() but not int(), other scripts' digits, floats
# Python reads and PostgreSQL does not, past a bigint, below one, empty.
NUMBERS = ["²", "١٢", "NaN", "Infinity", "-1", "1e309", "1" + "0" * 20, "1.5", "0", "", LONG]
# For date fields: no such day, year 0, a five-digit year, other scripts' digits.
DATES = [
    "2026-02-30",
    "0000-01-01",
    "99999-01-01",
    "²" + "026-01-01".translate(ARABIC),
    "١٢",
    "NaN",
    "-1",
    "",
    LONG,
]


def picture(application: Application | None = None) -> tuple[Any, ...]:
    """What a hire or adding an employee writes: a refused request changes none of it."""
    state = None
    if application is not None:
        state = (
            Application.objects.filter(pk=application.pk)
            .values_list("status", "stage_id", "updated_at")
            .get()
        )
    return (
        Employee.objects.count(),
        Assignment.objects.count(),
        EmployeeDocument.objects.count(),
        AuditEvent.objects.count(),
        StageTransition.objects.count(),
        state,
    )
