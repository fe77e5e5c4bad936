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
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
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
    _payload: bytes | None = field(default=None, repr=False)

    @property
    def payload(self) -> bytes:
        """The rows as stored (made once: a refresh compares it, then writes it)."""
        if self._payload is None:
            self._payload = _payload(self.rows)
        return self._payload

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
    payload: bytes

    @property
    def place(self) -> tuple[int, date]:
        return self.bucket[0], self.bucket[2]

    def same_as(self, counted: "Contribution") -> bool:
        """Counted again to the same rows (the usual case for an application the
        refresh's safety margin brings back): nothing to change."""
        return (
            self.payload == counted.payload
            and self.digest == counted.digest
            and self.bucket == counted.bucket
        )

    def rows(self, groups: Groups) -> AppRows:
        """The rows, with these codes (the ones whose digest this has) put back."""
        codes = dict(zip(GROUP_COLUMNS, _codes(groups), strict=True))
        rows = AppRows()
        for table, rest, values in payload_read(self.payload):
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
    table = ApplicationContribution._meta.db_table
    with connection.cursor() as cursor:
        # = ANY(array): one parameter, and an index scan however many ids (a list of
        # ten thousand parameters made PostgreSQL read the whole table).
        cursor.execute(
            f"SELECT {', '.join(FIELDS)} FROM {table} "  # noqa: S608 - the model's names
            "WHERE application_id = ANY(%s::bigint[])",
            [list(ids)],
        )
        return {
            pk: Stored(pk, (job, department, week, source, vendor), digest, bytes(payload))
            for pk, job, department, week, source, vendor, digest, payload in cursor.fetchall()
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
            c.payload,
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


def payload_read(payload: bytes) -> list[list[Any]]:
    """The stored rows: [[table, key without bucket and group codes, values], ...]."""
    return json.loads(zlib.decompress(payload))


def _payload(rows: AppRows) -> bytes:
    # Compressed (to about a third): the refresh reads ten thousand of these at random
    # from a table of a million, and the smaller it is the more of it stays in memory.
    text = json.dumps(
        [
            [
                _NAMES[model],
                [key[position] for position in _KEPT[model]],
                [values.get(column, 0) for column in VALUES[model]],
            ]
            for (model, key), values in rows.rows.items()
        ],
        separators=(",", ":"),
        default=_json_value,
    )
    return zlib.compress(text.encode(), 1)


def _json_value(value: Any) -> Any:
    """Dates and decimals (scores) in keys, as text; called for those only."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} in a fact key")


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


def _reader(model: type[Model], name: str) -> Callable[[Any], Any]:
    field = model._meta.get_field(name)
    if isinstance(field, DateField):
        return _date_read
    if isinstance(field, DecimalField):
        return _decimal_read
    return _same


_NAMES: dict[type[Model], str] = {model: name for name, model in TABLES.items()}
# Where in each key the stored columns are: after the bucket, group codes left out.
_KEPT: dict[type[Model], tuple[int, ...]] = {
    model: tuple(
        position
        for position, name in enumerate(KEYS[model])
        if position >= len(BUCKET) and name not in GROUP_COLUMNS
    )
    for model in RECRUITING_FACTS
}
_READERS: dict[type[Model], dict[str, Callable[[Any], Any]]] = {
    model: {name: _reader(model, name) for name in KEYS[model][len(BUCKET) :]}
    for model in RECRUITING_FACTS
}
