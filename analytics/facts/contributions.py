"""Each application's own rows in the fact tables, stored so a refresh can take them away.

A refresh counts a changed application again and writes the difference: its new rows
minus the rows it added last time (analytics.facts.deltas). Those earlier rows are kept
here, one ApplicationContribution per application, written in the same transaction as
the facts they were added to.

Self-identification codes never leave recruiting: the rows are stored without them
(the fairness and score keys' group columns), with a keyed digest of the codes. When the
application is counted again with the same digest, its current codes are the ones it
was counted with and are put back; with another digest the old rows cannot be
rebuilt, and the caller counts the application's bucket again instead.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import DateField, DecimalField, Model
from django.utils.crypto import salted_hmac

from analytics.facts.counting import BUCKET, KEYS, RECRUITING_FACTS, VALUES, AppRows, Key
from analytics.models import ApplicationContribution
from hrflow.core.pgcopy import line, lines_copy
from recruiting.selectors.reporting import Groups

DIGEST_SALT = "analytics.facts.groups"
GROUP_COLUMNS = ("gender", "age_band", "ethnicity", "disability")
FIELDS = (
    "application_id",
    "job_id",
    "department_id",
    "cohort_week",
    "source",
    "vendor",
    "groups_digest",
    "rows",
)
TABLES: dict[str, type[Model]] = {str(model._meta.model_name): model for model in RECRUITING_FACTS}


@dataclass
class Contribution:
    application_id: int
    # In counting.BUCKET's order: job, department, cohort week, source, vendor.
    bucket: Key
    digest: str
    rows: AppRows
    # The codes counted with: kept in memory only, never stored.
    groups: Groups

    @property
    def place(self) -> tuple[int, date]:
        """The bucket as the refresh recounts it: job and cohort week."""
        return self.bucket[0], self.bucket[2]


@dataclass(frozen=True)
class Stored:
    """A contribution as read back: everything but the rows' group codes."""

    application_id: int
    bucket: Key
    digest: str
    payload: str

    @property
    def place(self) -> tuple[int, date]:
        return self.bucket[0], self.bucket[2]

    def rows(self, groups: Groups) -> AppRows:
        """The rows, with these codes (the ones whose digest this has) put back."""
        codes = dict(zip(GROUP_COLUMNS, _codes(groups), strict=True))
        rows = AppRows()
        for table, rest, values in json.loads(self.payload):
            model = TABLES[table]
            key = (*self.bucket, *_key_rest_read(model, rest, codes))
            rows.rows[(model, key)] = dict(zip(VALUES[model], values, strict=True))
        return rows


def groups_digest(groups: Groups) -> str:
    """A keyed digest of the codes: equal codes give equal digests, and without the
    project's secret the codes cannot be told from it."""
    return salted_hmac(DIGEST_SALT, "\x1f".join(_codes(groups))).hexdigest()[:16]


def _codes(groups: Groups) -> tuple[str, str, str, str]:
    return (groups.gender, groups.age_band, groups.ethnicity, groups.disability)


def contributions_read(ids: Sequence[int]) -> dict[int, Stored]:
    fields = [f for f in FIELDS if f != "application_id"]
    found = ApplicationContribution.objects.filter(application_id__in=list(ids)).values_list(
        "application_id", *fields
    )
    return {
        pk: Stored(pk, (job, department, week, source, vendor), digest, payload)
        for pk, job, week, department, source, vendor, digest, payload in (
            (row[0], row[1], row[3], row[2], row[4], row[5], row[6], row[7]) for row in found
        )
    }


def contributions_write(contributions: Iterable[Contribution]) -> int:
    """COPY these in (their applications' earlier rows must be gone: contributions_drop)."""
    lines = (
        line(
            c.application_id,
            c.bucket[0],
            c.bucket[1],
            c.bucket[2],
            c.bucket[3],
            c.bucket[4],
            c.digest,
            _payload(c.rows),
        )
        for c in contributions
    )
    return lines_copy(ApplicationContribution, FIELDS, lines)


def contributions_drop(ids: Sequence[int] | None) -> None:
    """Forget these applications' contributions (None: all of them)."""
    table = ApplicationContribution._meta.db_table
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(f"TRUNCATE {table}")
        elif ids:
            cursor.execute(
                # The table name is the model's, never input.
                f"DELETE FROM {table} WHERE application_id = ANY(%s::bigint[])",  # noqa: S608
                [list(ids)],
            )


def _payload(rows: AppRows) -> str:
    return json.dumps(
        [
            [
                str(model._meta.model_name),
                _key_rest_written(model, key),
                [values.get(column, 0) for column in VALUES[model]],
            ]
            for (model, key), values in rows.rows.items()
        ],
        separators=(",", ":"),
    )


def _key_rest_written(model: type[Model], key: Key) -> list[Any]:
    """The key after the bucket, group codes left out, as JSON can hold it."""
    return [
        _TO_JSON.get(type(value), _same)(value)
        for name, value in zip(KEYS[model][len(BUCKET) :], key[len(BUCKET) :], strict=True)
        if name not in GROUP_COLUMNS
    ]


def _key_rest_read(model: type[Model], rest: list[Any], codes: dict[str, str]) -> list[Any]:
    values = iter(rest)
    out = []
    for name in KEYS[model][len(BUCKET) :]:
        if name in GROUP_COLUMNS:
            out.append(codes[name])
        else:
            out.append(_READERS[model][name](next(values)))
    return out


def _same(value: Any) -> Any:
    return value


def _date_read(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _decimal_read(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


_TO_JSON: dict[type, Callable[[Any], Any]] = {date: date.isoformat, Decimal: str}


def _reader(model: type[Model], name: str) -> Callable[[Any], Any]:
    field = model._meta.get_field(name)
    if isinstance(field, DateField):
        return _date_read
    if isinstance(field, DecimalField):
        return _decimal_read
    return _same


_READERS: dict[type[Model], dict[str, Callable[[Any], Any]]] = {
    model: {name: _reader(model, name) for name in KEYS[model][len(BUCKET) :]}
    for model in RECRUITING_FACTS
}
