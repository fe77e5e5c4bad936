"""Cursor pagination: stable pages over lists that change while a client walks them."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    """Cursor pages of 50 (up to 200 with ?page_size=), in the view's allowed ordering.

    The ordering comes from AllowlistOrderingFilter, which always ends with the
    primary key, so rows that tie on the sort field keep one stable order.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-created_at", "-id")
