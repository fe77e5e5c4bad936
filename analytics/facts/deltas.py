"""Add a change to the fact tables: each row's difference summed into the row it keys.

The refresh gives, per fact table, the difference each key's values must take (an
application's new rows minus its old ones, summed over the applications it counted
again). The differences go into a temporary table by COPY and from there into the fact
table in one statement (INSERT ... ON CONFLICT on the table's key: a new key is
inserted, a known one has the differences added); rows left with nothing to count are
deleted, so a table holds the same rows as after a full rebuild.

A row that would fall below zero means the facts and the stored contributions
disagree (a bug, or rows written by hand): FactsDisagree is raised, and the refresh
rebuilds in full rather than publish a negative count.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import CharField, DateField, Field, FloatField, Model

from analytics.facts.counting import KEYS, RECRUITING_FACTS, VALUES, FactCounts, Key
from analytics.models import DurationFact, DurationWeekFact
from hrflow.core.pgcopy import NULL, table_lines_copy, text

logger = logging.getLogger(__name__)
WEEK_KEY = ("cohort_week", "metric", "minutes")
WEEK_VALUES = ("count",)


class FactsDisagreeError(Exception):
    """Taking an application's old rows away left a negative count."""


def deltas_apply(delta: FactCounts) -> int:
    """Sum the differences into the fact tables and DurationWeekFact; return how many
    rows were written."""
    written = 0
    for model in RECRUITING_FACTS:
        rows = _nonzero(delta.sums.get(model, {}))
        written += _upsert(model, KEYS[model], VALUES[model], rows)
    written += _upsert(DurationWeekFact, WEEK_KEY, WEEK_VALUES, _week_sums(delta))
    return written


def _nonzero(rows: dict[Key, Any]) -> dict[Key, dict[str, float]]:
    return {key: values for key, values in rows.items() if any(values.values())}


def _week_sums(delta: FactCounts) -> dict[Key, dict[str, float]]:
    """DurationWeekFact is DurationFact summed over everything but week, metric and
    minutes: so are its differences."""
    keys = KEYS[DurationFact]
    week, metric, minutes = (keys.index(name) for name in WEEK_KEY)
    sums: defaultdict[Key, dict[str, float]] = defaultdict(lambda: {"count": 0})
    for key, values in delta.sums.get(DurationFact, {}).items():
        sums[(key[week], key[metric], key[minutes])]["count"] += values.get("count", 0)
    return _nonzero(sums)


def _upsert(
    model: type[Model],
    keys: Sequence[str],
    values: Sequence[str],
    rows: dict[Key, dict[str, float]],
) -> int:
    if not rows:
        return 0
    started = time.monotonic()
    table = model._meta.db_table
    scratch = f"{table}_delta"
    constraint = _key_constraint(model)
    columns = [*keys, *values]
    counts = [name for name in values if not isinstance(model._meta.get_field(name), FloatField)]
    # Names here are the models' own, never input.
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {scratch}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
        )
        formats = [_format(model, name) for name in columns]
        table_lines_copy(
            scratch,
            columns,
            (
                "\t".join(
                    [
                        to_text(value)
                        for to_text, value in zip(
                            formats, (*key, *(sums.get(name, 0) for name in values)), strict=True
                        )
                    ]
                )
                for key, sums in rows.items()
            ),
        )
        additions = ", ".join(f"{name} = f.{name} + EXCLUDED.{name}" for name in values)
        empty = " AND ".join(f"f.{name} = 0" for name in counts)
        negative = " OR ".join(f"f.{name} < 0" for name in counts)
        cursor.execute(
            f"INSERT INTO {table} AS f ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(columns)} FROM {scratch} "
            f"ON CONFLICT ON CONSTRAINT {constraint} DO UPDATE SET {additions} "
            f"RETURNING f.id, ({empty}), ({negative})"
        )
        returned = cursor.fetchall()
        if any(below for _id, _empty, below in returned):
            raise FactsDisagreeError(f"{table}: a count fell below zero")
        emptied = [pk for pk, is_empty, _below in returned if is_empty]
        if emptied:
            cursor.execute(
                f"DELETE FROM {table} WHERE id = ANY(%s::bigint[])",  # noqa: S608
                [emptied],
            )
        cursor.execute(f"DROP TABLE {scratch}")
    # Debug: a refresh every five minutes would fill the log with ten lines each time.
    logger.debug(
        "%s: %d differences, %d rows emptied, %.2f s",
        table,
        len(rows),
        len(emptied),
        time.monotonic() - started,
    )
    return len(returned)


def _format(model: type[Model], name: str) -> Callable[[Any], str]:
    """How a column's values are written for COPY, chosen once per column (a quarter of
    a million rows after ten thousand results: looking each value's type up cost
    seconds)."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    to_text: Callable[[Any], str] = str  # integers, decimals and floats
    if isinstance(field, CharField):
        to_text = text
    elif isinstance(field, DateField):
        to_text = date.isoformat
    if field.null:
        return lambda value: NULL if value is None else to_text(value)
    return to_text


def _key_constraint(model: type[Model]) -> str:
    return next(c.name for c in model._meta.constraints if c.name.endswith("_key"))
