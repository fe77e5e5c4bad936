"""`{% load analytics_charts %}{% report_table table %}`: one report table on a page.

The figure holds the table's chart (when its ChartSpec asks for one) and, always, the
table itself: the chart is drawn by static/analytics/charts.js from a JSON island this
module builds from the table's own cells, so it never shows a figure the table (which
screen readers and printouts get) does not. Pages using it include
analytics/partials/chart_assets.html once.
"""

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from analytics.reports.shapes import Cell, ChartSpec, ReportTable

register = template.Library()


@dataclass(frozen=True)
class ShownCell:
    """A cell as the table shows it: nothing left to work out in the template."""

    text: str
    link: str
    masked: bool
    # The cell's note (a masked cell always has one), shown on hover (title) and as a
    # footnote under the table, marked "*", "**", ... (phones and printouts have no hover).
    note: str
    mark: str
    note_id: str
    numeric: bool
    row_header: bool

    @property
    def css(self) -> str:
        return " ".join(name for name, on in (("num", self.numeric), ("masked", self.masked)) if on)


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str
    dom_id: str


@register.inclusion_tag("analytics/partials/report_table.html")
def report_table(table: ReportTable) -> dict[str, Any]:
    slug = slugify(table.key) or "table"
    dom_id = f"report-{slug}"
    numeric = [column.kind != "text" for column in table.columns]
    footnotes: dict[str, Footnote] = {}
    for row in table.rows:
        for cell in row:
            note = _cell_note(cell)
            if note and note not in footnotes:
                number = len(footnotes) + 1
                footnotes[note] = Footnote("*" * number, note, f"{dom_id}-note-{number}")
    rows = [
        [
            _shown(cell, numeric[index] if index < len(numeric) else False, index == 0, footnotes)
            for index, cell in enumerate(row)
        ]
        for row in table.rows
    ]
    chart = table.chart if table.rows else None
    return {
        "table": table,
        "dom_id": dom_id,
        "columns": list(zip(table.columns, numeric, strict=True)),
        "rows": rows,
        "footnotes": list(footnotes.values()),
        "chart": chart,
        "chart_data": chart_data(table, chart) if chart else None,
        "chart_label": chart_label(table, chart) if chart else "",
        "chart_data_id": f"report-{slug}-chart-data",
        "empty_text": table.empty_text or _("No figures for this selection."),
    }


def chart_data(table: ReportTable, spec: ChartSpec) -> dict[str, Any]:
    """What charts.js draws: plain JSON, labels in the page's language, numbers from
    `Cell.value` (None where a cell is masked, empty or not a number)."""
    x_index = _column_index(table, spec.x)
    series_indexes = [_column_index(table, key) for key in spec.series]
    x_cells = [row[x_index] for row in table.rows]
    return {
        "kind": spec.kind,
        "percent": spec.percent,
        "x_name": table.columns[x_index].label,
        "categories": [_text(cell) for cell in x_cells],
        "x_values": [_number(cell) for cell in x_cells],
        "row_labels": [_text(row[0]) if row else "" for row in table.rows],
        "series": [
            {
                "name": table.columns[index].label,
                "values": [_number(row[index]) for row in table.rows],
                "texts": [_text(row[index]) for row in table.rows],
                "drill": [_link(row[index]) for row in table.rows],
            }
            for index in series_indexes
        ],
    }


def chart_label(table: ReportTable, spec: ChartSpec) -> str:
    """The chart in words, for screen readers; the table below gives every figure."""
    kinds = {
        "bar": _("Bar chart"),
        "stacked_bar": _("Stacked bar chart"),
        "line": _("Line chart"),
        "funnel": _("Funnel chart"),
        "scatter": _("Scatter chart"),
    }
    columns = {column.key: column for column in table.columns}
    names = pgettext("list separator", ", ").join(columns[key].label for key in spec.series)
    words = {
        "kind": kinds[spec.kind],
        "title": spec.title or table.title,
        "series": names,
        "x": columns[spec.x].label,
    }
    if spec.kind == "scatter":
        summary = _("%(kind)s, %(title)s: %(series)s against %(x)s.") % words
    else:
        summary = _("%(kind)s, %(title)s: %(series)s by %(x)s.") % words
    return _("%(summary)s The table below gives every figure.") % {"summary": summary}


def _shown(
    cell: Cell, numeric: bool, row_header: bool, footnotes: dict[str, Footnote]
) -> ShownCell:
    note = _cell_note(cell)
    footnote = footnotes.get(note) if note else None
    return ShownCell(
        text=_text(cell),
        link=_link(cell),
        masked=cell.masked,
        note=note,
        mark=footnote.mark if footnote else "",
        note_id=footnote.dom_id if footnote else "",
        numeric=numeric,
        row_header=row_header,
    )


def _text(cell: Cell) -> str:
    """What the cell reads. A masked cell whose text was left to default to its value would
    show the very figure it withholds: it reads "withheld" instead."""
    if cell.masked and cell.value is not None and cell.text == str(cell.value):
        return _("withheld")
    return cell.text


def _cell_note(cell: Cell) -> str:
    """A cell's own note; a masked cell without one says why it shows no figure."""
    if cell.note or not cell.masked:
        return cell.note
    return _("Withheld so that no one can be recognised.")


def _link(cell: Cell) -> str:
    """The drill-down address, if it is one of ours. A masked cell never links: the list
    behind it would name the few people it hides."""
    if cell.masked or not cell.drill:
        return ""
    if not url_has_allowed_host_and_scheme(cell.drill, allowed_hosts=None):
        return ""
    return cell.drill


def _number(cell: Cell) -> int | float | None:
    """The cell's number for the chart; None when masked, empty, not a number, or NaN."""
    value = cell.value
    if cell.masked or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    if isinstance(value, int):
        return value
    number = float(value)
    return number if math.isfinite(number) else None


def _column_index(table: ReportTable, key: str) -> int:
    for index, column in enumerate(table.columns):
        if column.key == key:
            return index
    raise ValueError(f"Table {table.key!r} has no column {key!r} for its chart.")
