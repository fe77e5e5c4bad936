"""Paging without a total count, for searches where counting costs as much as the page."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from hrflow.core.params import parse_page

# Rows start:stop of a listing, for sources that are not a queryset (a ranked search).
Fetch = Callable[[int, int], Sequence[Any]]


@dataclass(frozen=True)
class OpenPage:
    """A page that knows whether another follows, not how many there are.

    Quacks like Django's Page for templates/partials/pagination.html.
    """

    object_list: list[Any]
    number: int
    has_next_page: bool

    class paginator:
        num_pages = None

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def open_page(source: QuerySet[Any] | Fetch, page: str | None, per_page: int) -> OpenPage:
    """Fetch one page plus one row to learn whether a next page exists."""
    number = parse_page(page)
    start = (number - 1) * per_page
    stop = start + per_page + 1
    rows = list(source[start:stop] if isinstance(source, QuerySet) else source(start, stop))
    return OpenPage(rows[:per_page], number, len(rows) > per_page)
