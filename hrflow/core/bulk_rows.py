"""Write many rows at once with COPY, without Django preparing each value of each instance.

For the ingest's assessments, dimension scores and traces: Django's
bulk_create spends most of its time preparing every value of every instance
(half of a sync's CPU in a profile), and PostgreSQL parses a multi-row INSERT
at a good deal more cost than it reads COPY's text format (measured: about
1.6 times for assessments, 3 times for dimension scores). These rows need
only their columns' values. Keys come from the table's sequence beforehand,
so the caller's instances know their ids without RETURNING.
"""

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

from hrflow.core.pgcopy import line, lines_copy

M = TypeVar("M", bound=Model)


def rows_copy(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """`fields` are model field names (`"assessment"` for a foreign key: give its id).

    Values as PostgreSQL reads them: None is NULL, dicts and lists are JSON.
    Every NOT NULL column without a database default must be among `fields`.
    Returns the number of rows written.
    """
    return lines_copy(model, fields, (line(*row) for row in rows))


def instances_copy(model: type[M], fields: Sequence[str], instances: Sequence[M]) -> None:
    """Write unsaved instances' `fields` (nothing else: no defaults run); set their pks."""
    if not instances:
        return
    ids = _ids_take(model, len(instances))
    attnames = [model._meta.get_field(name).attname for name in fields]  # type: ignore[union-attr]
    rows = [
        (pk, *(getattr(instance, attname) for attname in attnames))
        for pk, instance in zip(ids, instances, strict=True)
    ]
    rows_copy(model, [model._meta.pk.name, *fields], rows)  # type: ignore[union-attr]
    for pk, instance in zip(ids, instances, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias


def _ids_take(model: type[Model], count: int) -> list[int]:
    """`count` fresh keys from the table's sequence (not necessarily consecutive)."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],  # type: ignore[union-attr]
        )
        return [pk for (pk,) in cursor.fetchall()]
