"""The hook other features fill: sections of the self-service page.

Onboarding tasks, leave balances, payslips ... each feature registers a section
from `EmployeesConfig.ready()` (or its own package's wiring) with a builder that
gets the employee and returns the section's context, or None to show nothing.
The page renders every section in `order`, so self-service never needs editing
when a feature arrives. Builders must read a fixed number of queries and only
the employee's own rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise

from employees.models import Employee


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    template: str
    # Gets the employee; returns the template's context, or None to hide the section.
    build: Callable[[Employee], dict[str, Any] | None]
    order: int = 500


@dataclass(frozen=True)
class ShownSection:
    key: str
    title: str | Promise
    template: str
    data: dict[str, Any]


_sections: dict[str, Section] = {}


def selfservice_section_register(section: Section) -> None:
    """Add a section under a unique key (the same section again is a no-op)."""
    known = _sections.get(section.key)
    if known is not None and known != section:
        raise ImproperlyConfigured(f"two self-service sections are called {section.key!r}")
    _sections[section.key] = section


def selfservice_sections_for(employee: Employee) -> list[ShownSection]:
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        data = section.build(employee)
        if data is not None:
            shown.append(ShownSection(section.key, section.title, section.template, data))
    return shown
