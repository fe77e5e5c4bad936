"""Row locks for recruiting writes, always taken in primary-key order (no deadlocks)."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from recruiting.models import Application


def applications_lock(ids: Iterable[int]) -> QuerySet[Application]:
    """Lock the given applications, in pk order, for the rest of the transaction."""
    return Application.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk")


def candidate_contact_lock(email: str) -> None:
    """Serialise, until the transaction ends, applications from one e-mail address.

    A double-clicked submit arrives as two requests at once: without this both
    would find no candidate and create two records (or two applications).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"recruiting.candidate_contact:{email}"],
        )
