"""PostgreSQL bulk loading: COPY, keys drawn up front, indexes built after the load.

Rows stream through COPY's text format while they are made; primary keys are
taken from the table's sequence beforehand, so rows can point at each other
before they are written. Into empty tables, `bulk_load_locking_tables` also drops the
secondary indexes and the foreign keys for the load and builds them again at
the end, as pg_restore does.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Field, Model

NULL = "\\N"
CHUNK_CHARS = 1 << 16
PROGRESS_ROWS = 20_000


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """Take `count` consecutive primary keys from the model's sequence, in one step.

    Locks the table against other writers until the transaction ends: their
    inserts would draw keys from the sequence between our two calls.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("ids_reserve must run inside a transaction")
    if count == 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"LOCK TABLE {connection.ops.quote_name(meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
        )
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return list(range(first, first + count))


@contextmanager
def bulk_load_locking_tables(models: Sequence[type[Model]]) -> Iterator[None]:
    """Drop the tables' secondary indexes, unique and foreign-key constraints for the
    block, then create them again: each index in one pass, each key checked by one query.

    Maintaining nine indexes row by row and queueing a deferred check per key per
    row is what makes a large load slow (ten times slower, measured); this is the
    pg_restore order. It needs a transaction, since PostgreSQL DDL is transactional:
    a failure rolls back to the original schema. Until the transaction ends the
    tables are locked against every other session, so use it on a fresh database.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load_locking_tables must run inside a transaction")
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Checks still queued (rows the caller wrote in this transaction) would
        # block ALTER TABLE: run them now, then defer again, Django's default.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Index builds sort in memory rather than on disk (until the transaction ends).
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(_CONSTRAINTS_SQL, [tables])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in reversed(constraints):
            name = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


# Foreign keys first (dropped first, added last); a unique constraint that a
# foreign key relies on stays.
_CONSTRAINTS_SQL = """
    SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    WHERE c.conrelid = ANY(%s::regclass[])
      AND (c.contype = 'f' OR (c.contype = 'u' AND NOT EXISTS (
          SELECT 1 FROM pg_constraint k WHERE k.contype = 'f' AND k.conindid = c.conindid)))
    ORDER BY c.contype, c.conrelid::regclass::text, c.conname
"""
# Indexes of their own, not those behind the primary key or a constraint.
_INDEXES_SQL = """
    SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
    FROM pg_index i
    WHERE i.indrelid = ANY(%s::regclass[])
      AND NOT EXISTS (
          SELECT 1 FROM pg_constraint c
          WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
    ORDER BY 1
"""


def lines_copy(
    model: type[Model],
    fields: Sequence[str],
    lines: Iterable[str],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Stream `lines` (COPY text format, one row each, no newline) into the model's table.

    `fields` are model field names (`"job"` for a foreign key). Rows are made
    while PostgreSQL stores the previous ones, so both processor cores work.
    Return how many rows went in.
    """
    columns = [_column(model, name) for name in fields]
    return table_lines_copy(model._meta.db_table, columns, lines, on_progress=on_progress)


def table_lines_copy(
    table: str,
    columns: Sequence[str],
    lines: Iterable[str],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """lines_copy into a table by name (a temporary table of the caller's) and columns."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    stream = _LineStream(lines, on_progress)
    # Django's cursor wrapper hands copy_expert through to psycopg2's cursor unwrapped:
    # psycopg2's errors become Django's here (DataError, OperationalError, ...).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN",
            stream,
            CHUNK_CHARS,
        )
    if on_progress:
        on_progress(stream.count)
    return stream.count


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field.column


def line(*values: Any) -> str:
    """One row in COPY text format, each value as PostgreSQL reads it (None is NULL)."""
    return "\t".join([value_text(value) for value in values])


def value_text(value: Any) -> str:
    # By exact type first: this runs for every value of every row the ingest writes.
    format_as = _FORMATS.get(type(value))
    if format_as is not None:
        return format_as(value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return _json(value)
    return str(value)


def text(value: str) -> str:
    """A string escaped for COPY (backslash, tab, newline, carriage return).

    Chained replaces, each a fast scan, and none at all for the usual string;
    str.translate looks every character up in a dict, slow on long JSON.
    """
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _json(value: Any) -> str:
    return text(json.dumps(value, ensure_ascii=False))


_FORMATS: dict[type, Callable[[Any], str]] = {
    type(None): lambda value: NULL,
    str: text,
    int: str,
    Decimal: str,
    bool: lambda value: "t" if value else "f",
    datetime: datetime.isoformat,
    dict: _json,
    list: _json,
    # bytea in hex form; the backslash doubled for COPY's own escaping.
    bytes: lambda value: "\\\\x" + value.hex(),
}


class _LineStream:
    """The file psycopg2 reads COPY data from, drawing rows as it is read."""

    def __init__(self, lines: Iterable[str], on_progress: Callable[[int], None] | None) -> None:
        self._lines = iter(lines)
        self._on_progress = on_progress
        self.count = 0

    def read(self, size: int = -1) -> str:
        chunk: list[str] = []
        length = 0
        for row in self._lines:
            chunk.append(row)
            length += len(row) + 1
            self.count += 1
            if self._on_progress and self.count % PROGRESS_ROWS == 0:
                self._on_progress(self.count)
            if 0 < size <= length:
                break
        return "\n".join(chunk) + "\n" if chunk else ""
