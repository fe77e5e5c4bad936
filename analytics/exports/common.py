"""What every export of a report writes the same way: the period, the as-of time, the
filters, and which of a cell's two faces (value or text) a file gets."""

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from analytics.reports.shapes import Cell, Column, Report

# Columns whose cells are figures: right-aligned in the PDF, number cells in XLSX.
NUMERIC_KINDS = frozenset({"int", "percent", "ratio", "days", "number", "stat"})


def period_text(report: Report) -> str:
    return f"{report.period_start.isoformat()} – {report.period_end.isoformat()}"


def as_of_text(as_of: datetime | None) -> str:
    if as_of is None:
        return _("Not yet refreshed")
    if timezone.is_aware(as_of):
        as_of = timezone.localtime(as_of)
    return as_of.strftime("%Y-%m-%d %H:%M")


def header_fields(report: Report) -> list[tuple[str, str]]:
    """(label, value) pairs under the title: the period, the as-of time, each filter."""
    return [
        (_("Period"), period_text(report)),
        (pgettext("report", "As of"), as_of_text(report.as_of)),
        *report.filters,
    ]


def is_numeric(column: Column) -> bool:
    return column.kind in NUMERIC_KINDS


def file_value(cell: Cell) -> Any:
    """What a spreadsheet gets: the value, or the text people read where the value is
    withheld (a masked cell) or missing."""
    if cell.masked or cell.value is None:
        return cell.text
    return cell.value
