"""Recording an outcome for analytics: once per deciding event (its `origin_ref`)."""

from datetime import date
from typing import Any

from employees.models import Employee, Outcome


def outcome_record(
    *, employee: Employee, kind: str, occurred_on: date, origin_ref: str, **values: Any
) -> Outcome:
    """Write the outcome, or return the one already written for the same event (a
    task or a retried request deciding twice records it once)."""
    outcome, _created = Outcome.objects.get_or_create(
        origin_ref=origin_ref,
        defaults={"employee": employee, "kind": kind, "occurred_on": occurred_on, **values},
    )
    return outcome
