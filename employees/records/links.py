"""Where an employee came from, as a link a higher app provides.

Employees never names recruiting, not even by a URL name: recruiting registers,
from its `ready()`, a function that turns a hired employee into the link to
their candidate profile for a given viewer (or None when the viewer may not
open it).
"""

from collections.abc import Callable

from employees.models import Employee
from hrflow.accounts.models import User

HireSourceLink = Callable[[Employee, User], str | None]

_builders: list[HireSourceLink] = []


def hire_source_link_register(builder: HireSourceLink) -> None:
    if builder not in _builders:
        _builders.append(builder)


def hire_source_link(employee: Employee, viewer: User) -> str | None:
    if employee.source_candidate_id is None:
        return None
    for builder in _builders:
        link = builder(employee, viewer)
        if link:
            return link
    return None
