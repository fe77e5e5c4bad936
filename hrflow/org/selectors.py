"""Reads about the organisation that more than one app makes."""

from hrflow.org.models import CompanySettings


def company_current() -> CompanySettings:
    """The company's one settings row, made with the defaults the first time."""
    found, _created = CompanySettings.objects.get_or_create(pk=1)
    return found
