"""Who a message went to, in words: the app that owns the people names them.

The outbox keeps the id of the candidate a message is about (`candidate_ref`), and
a portal message's recipient is that id ("candidate:169"). This app sits below
recruiting and cannot read candidates, so recruiting registers a resolver from its
AppConfig.ready() and the outbox asks it for the names (and links) of one page.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from hrflow.accounts.models import User


@dataclass(frozen=True)
class Person:
    name: str
    url: str = ""  # the person's page, when the viewer may open it


# resolver(candidate ids, viewer) -> {id: Person} for the ids it knows.
Resolver = Callable[[Collection[int], User], dict[int, Person]]
_RESOLVERS: list[Resolver] = []


def person_resolver_register(resolver: Resolver) -> None:
    """Name the people messages are about (called from an AppConfig.ready())."""
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def people_named(candidate_refs: Collection[int], viewer: User) -> dict[int, Person]:
    """The registered resolvers' names for these ids (one query or two per resolver)."""
    found: dict[int, Person] = {}
    if not candidate_refs:
        return found
    for resolver in _RESOLVERS:
        found.update(resolver(candidate_refs, viewer))
    return found
