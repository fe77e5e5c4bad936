"""Pieces every report uses: cells that format themselves, percentiles from the
duration counts, and the drill-down address of a figure."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from analytics.models import DurationFact, DurationWeekFact
from analytics.reports.filters import ReportFilter
from analytics.reports.shapes import Cell, Column

MINUTES_PER_DAY = 24 * 60


def duration_columns() -> tuple[Column, Column, Column]:
    """How many, median and 90th percentile in days: the columns of every timing table."""
    return (
        Column("n", _("Applications"), "int"),
        Column("median", _("Median (days)"), "days"),
        Column("p90", _("90th percentile (days)"), "days"),
    )


def count_cell(value: int | None, drill: str = "") -> Cell:
    if value is None:
        return Cell(None, "–")
    return Cell(value, f"{value:,}", drill=drill if value else "")


def share_cell(part: int, whole: int, drill: str = "") -> Cell:
    """part / whole as a share (0-1) shown as a percentage; "–" without a whole."""
    if not whole:
        return Cell(None, "–")
    share = part / whole
    return Cell(round(share, 4), f"{share * 100:.1f} %", drill=drill)


def days_cell(minutes: float | None) -> Cell:
    if minutes is None:
        return Cell(None, "–")
    days = minutes / MINUTES_PER_DAY
    return Cell(round(days, 2), _("%(days).1f d") % {"days": days})


def text_cell(text: str, drill: str = "") -> Cell:
    return Cell(text, text, drill=drill)


def percentile_of_counts(counts: Iterable[tuple[float, int]], share: float) -> float | None:
    """The `share` percentile (0.5: median) of values given as (value, how many), with
    linear interpolation between the two nearest ranks (numpy's default, SciPy's too)."""
    ordered = sorted((value, n) for value, n in counts if n > 0)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    position = share * (total - 1)
    below, above = int(position), min(int(position) + 1, total - 1)
    low = high = None
    seen = 0
    for value, n in ordered:
        if low is None and below < seen + n:
            low = value
        if above < seen + n:
            high = value
            break
        seen += n
    assert low is not None
    assert high is not None
    return low + (high - low) * (position - below)


def _cohort_durations(flt: ReportFilter) -> QuerySet[Any]:
    """The period's duration rows by cohort: the weekly sums when no scope or filter
    narrows them (a tenth of the rows), else the rows per job, source and vendor."""
    if flt.narrowed:
        return flt.facts(DurationFact)
    return DurationWeekFact.objects.filter(cohort_week__gte=flt.start, cohort_week__lte=flt.end)


def duration_counts(flt: ReportFilter, metric: str) -> list[tuple[int, int]]:
    """(minutes, how many) of a metric, for applications of the period's cohorts."""
    rows = (
        _cohort_durations(flt)
        .filter(metric=metric)
        .values_list("minutes")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return [(minutes, n) for minutes, n in rows]


def duration_counts_many(flt: ReportFilter, metrics: list[str]) -> dict[str, list[tuple[int, int]]]:
    """`duration_counts` of several metrics from one scan (a timing table's rows)."""
    found: dict[str, list[tuple[int, int]]] = {metric: [] for metric in metrics}
    rows = (
        _cohort_durations(flt)
        .filter(metric__in=metrics)
        .values_list("metric", "minutes")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for metric, minutes, n in rows:
        found[metric].append((minutes, n))
    return found


def duration_summary(counts: list[tuple[int, int]]) -> tuple[int, float | None, float | None]:
    """(n, median minutes, 90th percentile minutes)."""
    n = sum(count for _minutes, count in counts)
    return n, percentile_of_counts(counts, 0.5), percentile_of_counts(counts, 0.9)


def drill_applications(flt: ReportFilter, metric: str, **extra: Any) -> str:
    """The address of the list of applications behind a figure."""
    return f"{reverse('analytics:drill-applications')}?{flt.query(metric=metric, **extra)}"


def drill_employees(flt: ReportFilter, **extra: Any) -> str:
    return f"{reverse('analytics:drill-employees')}?{flt.query(**extra)}"


def period_label(flt: ReportFilter, day: date) -> str:
    if flt.grain == "week":
        return day.isoformat()
    return day.strftime("%Y-%m")
