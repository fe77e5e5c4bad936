"""Open jobs for vacant positions, asked of whoever recruits for them.

A vacant seat links to the job that fills it, but jobs live in recruiting,
which sits above employees: employees may not name it. So recruiting
registers a provider from its `AppConfig.ready()` and the positions page asks
the registry. Each provider answers for a whole set of positions in one
query, so a page of positions costs one query per provider, however long.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class Opening:
    """An open job for a position: what to show and where it leads."""

    title: str
    url: str


# provider(position_ids) -> {position_id: [Opening, ...]}; absent ids have none.
OpeningsProvider = Callable[[Collection[int]], dict[int, list[Opening]]]

# Filled at start-up; mutated in place, never rebound.
_providers: list[OpeningsProvider] = []


def openings_provider_register(provider: OpeningsProvider) -> None:
    """Add a provider (the same one again, from a second `ready()`, counts once)."""
    if provider not in _providers:
        _providers.append(provider)


def openings_for(position_ids: Collection[int]) -> dict[int, list[Opening]]:
    """Every provider's openings for these positions, merged by position."""
    found: dict[int, list[Opening]] = {}
    ids = {int(pk) for pk in position_ids}
    if not ids:
        return found
    for provider in _providers:
        for position_id, openings in provider(ids).items():
            found.setdefault(position_id, []).extend(openings)
    return found
