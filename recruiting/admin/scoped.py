"""The read-only admin for rows about people: scoped like every other list of them."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from hrflow.accounts.scoping import scoped
from hrflow.core.read_only_admin import ReadOnlyAdmin


class ScopedReadOnlyAdmin(ReadOnlyAdmin):
    """Shows a staff user the rows the HR pages would show them, no more.

    Admin-site access is a flag on the account, independent of the role: a
    recruiter given it must still see only the jobs they work on, so the
    change list and each change page go through the model's own scope.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped(super().get_queryset(request), request.user)
