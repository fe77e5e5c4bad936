"""What every report is made of, whatever shows it: a page, a CSV or XLSX file, a PDF.

A report is a few tables. Each table may carry a chart spec, and the page draws the
chart from the table's own rows, so the chart never shows a figure the table behind it
(which screen readers and printouts get) does not. A cell may name the drill-down
address that lists the applications or employees behind its figure.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

ColumnKind = Literal["text", "int", "percent", "ratio", "days", "number", "stat"]
ChartKind = Literal["bar", "stacked_bar", "line", "funnel", "scatter"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Cell:
    """One figure. `value` is the number for charts and spreadsheets (None: none),
    `text` what people read ("42.5 %", "masked: fewer than 5"); `drill` the address of
    the list behind the figure, if there is one."""

    value: Any
    text: str = ""
    drill: str = ""
    # A cell withheld so that no one can be recognised in it (fewer than 5 people).
    masked: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", "" if self.value is None else str(self.value))


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    # The column whose cells label the x axis (or the funnel's steps).
    x: str
    # The columns drawn as series, in order.
    series: tuple[str, ...]
    # For "line" and "bar": the y axis is a share (0-1 shown as %).
    percent: bool = False
    # For "scatter": pairs of (x, y) columns are `x` and series[0].
    title: str = ""


@dataclass(frozen=True)
class ReportTable:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: Sequence[Sequence[Cell]]
    chart: ChartSpec | None = None
    notes: tuple[str, ...] = ()
    # Shown instead of the table when it has no rows.
    empty_text: str = ""


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    # When the fact tables were last refreshed: every report says "as of HH:MM".
    as_of: datetime | None
    period_start: date
    period_end: date
    # The filters in force, as people read them: [("Job", "Welder"), ...].
    filters: tuple[tuple[str, str], ...]
    # Plain words on top ("Safety awareness: higher scores went with fewer incidents ...").
    headline: tuple[str, ...]
    tables: tuple[ReportTable, ...]
    # How the figures were made (definitions, exclusions, sources), for exports and audit.
    method: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
