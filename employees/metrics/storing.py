"""Write checked metric values in bulk: COPY into a temporary table, then one upsert.

A value for a (metric, employee, day) that already has one replaces it; the same
value sent again changes nothing (not even who recorded it), so a file or an API
call repeated is a no-op. Every replaced value is audited old -> new.

Django's bulk_create with update_conflicts would prepare 100,000 instances first
and cannot tell an unchanged row from a changed one (tests/bench/metric_import.py
prints the figures beside a plain COPY of the same rows).
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.backends.utils import CursorWrapper

from employees.metrics.checking import CheckedValue
from employees.models import MetricImport, MetricValue
from hrflow.accounts.models import User
from hrflow.core.models import AuditEvent
from hrflow.core.pgcopy import line

LOAD_TABLE = "metric_value_load"
CHANGE_ACTION = "employees.metric_value_change"


@dataclass(frozen=True)
class Stored:
    inserted: int
    updated: int
    unchanged: int


def values_store(
    values: Sequence[CheckedValue],
    *,
    source: str,
    batch: MetricImport | None,
    actor: User | None,
) -> Stored:
    """Upsert `values` (distinct on metric, employee and day); call inside a transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("values_store must run inside a transaction")
    if not values:
        return Stored(0, 0, 0)
    table = connection.ops.quote_name(MetricValue._meta.db_table)
    with connection.cursor() as cursor:
        _load(cursor, values)
        _changes_audit(cursor, table, actor)
        cursor.execute(
            _UPSERT_SQL.format(table=table, load=LOAD_TABLE),
            [source, batch.pk if batch else None, actor.pk if actor else None],
        )
        inserted, updated = cursor.fetchone()
        cursor.execute(f"DROP TABLE {LOAD_TABLE}")
    return Stored(inserted, updated, len(values) - inserted - updated)


def _load(cursor: CursorWrapper, values: Sequence[CheckedValue]) -> None:
    # A second call in one transaction (a test, a task handling two files) finds
    # the table of the first: ON COMMIT DROP has not run yet.
    cursor.execute(f"DROP TABLE IF EXISTS {LOAD_TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {LOAD_TABLE} (metric_id bigint, employee_id bigint,"
        ' "on" date, value numeric(14, 4)) ON COMMIT DROP'
    )
    text = "\n".join(
        line(value.metric_id, value.employee_id, value.on.isoformat(), value.value)
        for value in values
    )
    # Django's cursor hands copy_expert through to psycopg2's unwrapped.
    with connection.wrap_database_errors:
        cursor.copy_expert(  # type: ignore[attr-defined]
            f'COPY {LOAD_TABLE} (metric_id, employee_id, "on", value) FROM STDIN',
            io.StringIO(text + "\n"),
        )


# One audit row per value about to change, written by the database from the loaded
# rows, as `audit_record_many` writes them: {"value": [old, new]}, numbers without
# trailing zeros. Built here rather than as 100,000 AuditEvent instances, which took
# longer than the whole rest of the import (tests/bench/metric_import.py). The rows
# compared are locked first, so a concurrent writer of the same values waits and the
# old value audited is the one really replaced.
_AUDIT_SQL = """
    WITH changed AS (
        SELECT stored.id, stored.metric_id, stored.employee_id, stored."on",
               stored.value AS old, load.value AS new
        FROM {load} load
        JOIN {table} stored USING (metric_id, employee_id, "on")
        WHERE stored.value <> load.value
        FOR UPDATE OF stored
    )
    INSERT INTO {audit}
        (occurred_at, actor_id, actor_label, action, target_type_id, target_id, target_label,
         changes)
    SELECT now(), %s, %s, %s, %s, id::text,
           concat(metric_id, ':', employee_id, ':', "on", '=', new),
           jsonb_build_object(
               'value', jsonb_build_array(trim_scale(old)::text, trim_scale(new)::text))
    FROM changed
    ORDER BY id
"""
# (xmax = 0) tells a row the INSERT made from one the ON CONFLICT branch updated.
_UPSERT_SQL = """
    WITH written AS (
        INSERT INTO {table} AS stored
            (metric_id, employee_id, "on", value, source, batch_id, recorded_by_id, recorded_at)
        SELECT metric_id, employee_id, "on", value, %s, %s, %s, now() FROM {load}
        ON CONFLICT (metric_id, employee_id, "on") DO UPDATE
            SET value = EXCLUDED.value, source = EXCLUDED.source, batch_id = EXCLUDED.batch_id,
                recorded_by_id = EXCLUDED.recorded_by_id, recorded_at = EXCLUDED.recorded_at
            WHERE stored.value <> EXCLUDED.value
        RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written
"""


def number_text(value: Decimal) -> str:
    """A stored value as people write it: 2, not 2.0000; 0.5, not 5E-1."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _changes_audit(cursor: CursorWrapper, table: str, actor: User | None) -> None:
    real_actor = actor if actor is not None and actor.is_authenticated else None
    cursor.execute(
        _AUDIT_SQL.format(
            load=LOAD_TABLE,
            table=table,
            audit=connection.ops.quote_name(AuditEvent._meta.db_table),
        ),
        [
            real_actor.pk if real_actor else None,
            str(real_actor) if real_actor else "system",
            CHANGE_ACTION,
            ContentType.objects.get_for_model(MetricValue).pk,
        ],
    )
