"""Cursor pagination: stable pages over lists that change while a client walks them."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import DateTimeField, Model, QuerySet
from django.utils import timezone
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request


class ApiCursorPagination(CursorPagination):
    """Cursor pages of 50 (up to 200 with ?page_size=), in the view's allowed ordering.

    The ordering comes from AllowlistOrderingFilter, which always ends with the
    primary key, so rows that tie on the sort field keep one stable order.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")

    def paginate_queryset(
        self, queryset: QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        """The cursor, its position checked against the field the list is ordered by.

        A cursor is only base64 in the query string: its position is whatever the
        caller wrote, and DRF puts it straight into `field > position`. A NUL, text
        where a number or time belongs, or a time without a zone would fail in the
        database (a 500); each is an invalid cursor instead, like a garbled one.
        """
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        if not position_fits(self._model, self.ordering[0].lstrip("-"), cursor.position):
            raise NotFound(self.invalid_cursor_message)
        return cursor


def position_fits(model: type[Model], field_name: str, position: str) -> bool:
    """Whether `position` is a value the ordering field can be compared with."""
    if "\x00" in position:
        return False
    try:
        field = model._meta.get_field(field_name)
        value = field.to_python(position)  # type: ignore[union-attr]
    except (FieldDoesNotExist, ValidationError, ValueError, TypeError, OverflowError):
        return False
    if isinstance(field, DateTimeField):
        # Cursors this class writes carry the zone; a naive time is forged.
        return value is not None and timezone.is_aware(value)
    return value is not None
