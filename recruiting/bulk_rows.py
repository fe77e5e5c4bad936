"""INSERT many rows at once without Django preparing each value of each instance.

For the ingest's assessments, dimension scores and traces: Django's
bulk_create spends most of its time preparing every value of every instance
(half of a sync's CPU in a profile); these rows need none of that, only their
columns' values, which psycopg2 adapts itself (JSON columns as their text).
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import JSONField, Model
from psycopg2.extras import execute_values

M = TypeVar("M", bound=Model)

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


def instances_insert(model: type[M], fields: Sequence[str], instances: Sequence[M]) -> None:
    """Insert unsaved instances' `fields` (nothing else: no defaults run) and set their pks.

    Every NOT NULL column without a database default must be among `fields`.
    """
    if not instances:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    attnames = [_concrete(model, name).attname for name in fields]
    as_json = [isinstance(_concrete(model, name), JSONField) for name in fields]
    rows = [
        tuple(
            json.dumps(getattr(instance, attname)) if is_json else getattr(instance, attname)
            for attname, is_json in zip(attnames, as_json, strict=True)
        )
        for instance in instances
    ]
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES %s "  # noqa: S608 - names from the model
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        # RETURNING gives the rows in VALUES order (Django's bulk_create relies on it too).
        ids = execute_values(cursor.cursor, sql, rows, page_size=PAGE, fetch=True)  # type: ignore[attr-defined]
    for instance, (pk,) in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias


def _concrete(model: type[Model], name: str) -> Any:
    field = model._meta.get_field(name)
    if not getattr(field, "concrete", False):
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return field


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    column = getattr(field, "column", None)
    if not isinstance(column, str):
        raise ValueError(f"{model.__name__}.{name} is not a concrete column")
    return column
