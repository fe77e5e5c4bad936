"""E-mails to the recruiting team about what a candidate did in the portal.

An offer answered, an application withdrawn, an erasure asked for: each goes to
the recruiters of the jobs concerned (the HR admins when a job has none), in
each person's language, through the outbox with one key per person, so a
repeated call queues nothing twice. The wording is the event's, which HR may
have edited (hrflow.notifications).
"""

from collections.abc import Iterable

from django.db.models import QuerySet

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from recruiting.models import Job


def recruiters_of(job_ids: Iterable[int]) -> QuerySet[User]:
    """The active recruiters of these jobs; the HR admins when none is named."""
    people = User.objects.filter(
        is_active=True, pk__in=Job.objects.filter(pk__in=list(job_ids)).values("recruiters")
    )
    if not people.exists():
        people = User.objects.filter(is_active=True, groups__name=Role.HR_ADMIN.value)
    return people.exclude(email="").distinct().order_by("pk")
