"""Import a file of metric values: all its rows in one transaction, or none of them.

The file has four columns, named in Chinese or English in any order (others, such
as a name column kept for reading, are ignored): employee number (工号), metric
code (指标代码), date (日期) and value (数值). A file with any bad row stores
nothing and its report names every bad row: the row number as the spreadsheet
shows it, the column as the file names it, and the reason.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from employees.metrics.checking import FIELDS, Problem, RawValue
from employees.metrics.services import ValuesRefused, checked_or_refused
from employees.metrics.storing import Stored, values_store
from employees.models import MetricImport, MetricValue
from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from hrflow.core.tabular import Table, table_read

# Header words per column, compared lower-cased with spaces, "_" and "-" removed.
HEADERS: dict[str, tuple[str, ...]] = {
    "employee": ("工号", "员工工号", "员工编号", "employeenumber", "employeeno", "employee"),
    "metric": ("指标", "指标代码", "指标编码", "metric", "metriccode"),
    "on": ("日期", "date", "day"),
    "value": ("数值", "值", "指标值", "value"),
}
# How the template and the report name each column when the file does not.
COLUMN_LABELS = {"employee": "工号", "metric": "指标代码", "on": "日期", "value": "数值"}
# The downloadable template: the four columns, and a name column people read by.
TEMPLATE_HEADER = ("工号", "姓名", "指标代码", "日期", "数值")


@dataclass(frozen=True)
class ReportLine:
    row: int
    column: str
    reason: str


class FileRefused(ApplicationError):
    """Bad rows: the report lists each; nothing was stored."""

    def __init__(self, lines: Sequence[ReportLine], rows: int) -> None:
        bad_rows = len({line.row for line in lines})
        super().__init__(
            _("%(bad)s of %(rows)s rows have problems; nothing was stored.")
            % {"bad": bad_rows, "rows": rows},
            extra={"field": "file"},
        )
        self.lines = list(lines)
        self.bad_rows = bad_rows


@dataclass(frozen=True)
class Imported:
    batch: MetricImport
    stored: Stored


def metric_file_import(*, name: str, data: bytes, actor: User | None) -> Imported:
    """Read, check and store a file of metric values; refuse it whole if any row is bad.

    Raises TableError for a file that cannot be read, FileRefused with the report
    for bad rows. The same file twice stores its values once (and records two
    imports: who sent it when).
    """
    table = table_read(name=name, data=data)
    columns = _columns(table.header)
    raws = [
        RawValue(
            row.number,
            *(row.cells[index] if index < len(row.cells) else "" for index in columns.values()),
        )
        for row in table.rows
    ]
    if not raws:
        raise ApplicationError(
            _("The file has no values under its header."), extra={"field": "file"}
        )
    return _store(
        raws, table, columns, name=name, sha256=hashlib.sha256(data).hexdigest(), actor=actor
    )


@transaction.atomic
def _store(
    raws: list[RawValue],
    table: Table,
    columns: dict[str, int],
    *,
    name: str,
    sha256: str,
    actor: User | None,
) -> Imported:
    try:
        checked = checked_or_refused(raws, actor=actor)
    except ValuesRefused as refused:
        raise FileRefused(_report(refused.problems, table, columns), len(raws)) from None
    batch = MetricImport.objects.create(
        file_name=name[:255], sha256=sha256, rows=len(checked), imported_by=actor
    )
    stored = values_store(checked, source=MetricValue.Source.IMPORT, batch=batch, actor=actor)
    audit_record(
        actor=actor,
        action="employees.metric_import",
        target=batch,
        changes={
            "inserted": [None, stored.inserted],
            "updated": [None, stored.updated],
            "unchanged": [None, stored.unchanged],
        },
    )
    return Imported(batch, stored)


def _columns(header: Sequence[str]) -> dict[str, int]:
    """The index of each of the four columns, by FIELDS order; refuse a header without one."""
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        word = "".join(title.lower().replace("_", " ").replace("-", " ").split())
        for field, words in HEADERS.items():
            if word in words and field not in found:
                found[field] = index
    missing = [COLUMN_LABELS[field] for field in FIELDS if field not in found]
    if missing:
        raise ApplicationError(
            _("The header row lacks the column(s) %(columns)s (工号, 指标代码, 日期, 数值 or "
              "employee number, metric, date, value).")
            % {"columns": ", ".join(missing)},
            extra={"field": "file"},
        )  # fmt: skip
    return {field: found[field] for field in FIELDS}


def _report(problems: Sequence[Problem], table: Table, columns: dict[str, int]) -> list[ReportLine]:
    """Each problem under the column's title as the file wrote it."""
    titles = {field: table.header[index] for field, index in columns.items()}
    return [ReportLine(p.ref, titles[p.field], p.reason) for p in problems]
