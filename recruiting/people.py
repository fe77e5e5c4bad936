"""The names of the candidates notifications' outbox lists (hrflow.notifications.people).

Every name is given (the outbox is HR admins' page); the link only where the viewer's
scope holds the candidate. An erased candidate is named in the reader's language
("已删除的候选人 #241"), as everywhere else.
"""

from collections.abc import Collection

from django.urls import reverse

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.notifications.people import Person
from recruiting.models import Candidate


def candidates_named(candidate_ids: Collection[int], viewer: User) -> dict[int, Person]:
    names = {
        candidate.pk: candidate.shown_name
        for candidate in Candidate.objects.filter(pk__in=candidate_ids).only(
            "pk", "full_name", "erased_at"
        )
    }
    visible = set(
        scoped(Candidate.objects.filter(pk__in=names), viewer).values_list("pk", flat=True)
    )
    return {
        pk: Person(
            name=name,
            url=reverse("recruiting:candidate-detail", args=[pk]) if pk in visible else "",
        )
        for pk, name in names.items()
    }
