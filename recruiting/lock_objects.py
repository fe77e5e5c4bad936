"""Row locks for recruiting writes, always taken in primary-key order (no deadlocks)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from recruiting.models import Application


def applications_lock(ids: Iterable[int]) -> QuerySet[Application]:
    """Lock the given applications, in pk order, for the rest of the transaction."""
    return Application.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk")
