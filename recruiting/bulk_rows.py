"""INSERT many plain rows at once, without building a model instance per row.

For the ingest's dimension scores and traces: Django's bulk_create spends
most of its time preparing each value of each instance (half of a sync's CPU
in a profile); these rows need none of that, only their columns' values.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from psycopg2.extras import execute_values

PAGE = 1000


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """`fields` are model field names (`"assessment"` for a foreign key: give its id)."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES %s"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        # Django's wrapper hands the raw psycopg2 cursor through for execute_values.
        execute_values(cursor.cursor, sql, list(rows), page_size=PAGE)  # type: ignore[attr-defined]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return column
