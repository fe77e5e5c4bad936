"""Reads about the organisation that more than one app makes."""

from collections.abc import Iterable

from hrflow.org.models import CompanySettings, Department


def company_current() -> CompanySettings:
    """The company's one settings row, made with the defaults the first time."""
    found, _created = CompanySettings.objects.get_or_create(pk=1)
    return found


def department_names(ids: Iterable[int]) -> dict[int, str]:
    """Department id -> name, for the ids given (filters and report rows)."""
    return dict(Department.objects.filter(pk__in=list(ids)).values_list("pk", "name"))
