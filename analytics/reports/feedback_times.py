"""Candidate experience's table of how long candidates waited, after the AI interview,
for the first feedback (what they complain about), by period, and the names of the
wait bands."""

from collections import defaultdict
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.models import DurationFact
from analytics.reports.common import (
    count_cell,
    days_cell,
    duration_columns,
    duration_counts,
    duration_summary,
    period_label,
    text_cell,
)
from analytics.reports.filters import ReportFilter
from analytics.reports.shapes import ChartSpec, Column, ReportTable

FEEDBACK_METRIC = "ai_to_feedback"


def feedback_times_table(flt: ReportFilter) -> ReportTable:
    by_period: dict[date, list[tuple[int, int]]] = defaultdict(list)
    # Grouped by the trend's period in the database (the same Monday or first of the
    # month as `flt.period_of`): a row per period and value, not per day and value.
    truncate = TruncWeek("end_day") if flt.grain == "week" else TruncMonth("end_day")
    ended = (
        flt.facts(DurationFact, "end_day")
        .filter(metric=FEEDBACK_METRIC)
        .annotate(period=truncate)
        .values_list("period", "minutes")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for first_day, minutes, n in ended:
        by_period[first_day].append((minutes, n))
    rows = []
    for period in sorted(by_period):
        n, median, p90 = duration_summary(by_period[period])
        rows.append(
            (text_cell(period_label(flt, period)), count_cell(n), days_cell(median), days_cell(p90))
        )
    n, median, p90 = duration_summary(duration_counts(flt, FEEDBACK_METRIC))
    if rows:
        rows.append((text_cell(_("All")), count_cell(n), days_cell(median), days_cell(p90)))
    return ReportTable(
        key="feedback_time",
        title=_("Time from AI interview to first feedback"),
        columns=(
            Column("period", _("Period")),
            *duration_columns(),
        ),
        rows=rows,
        chart=ChartSpec("line", x="period", series=("median", "p90")),
        notes=(
            _(
                "What candidates complain about most. Periods by the day the feedback came; "
                '"All" counts the applications of the period.'
            ),
        ),
        empty_text=_("No feedback after an AI interview in this period."),
    )


BAND_LABELS = {
    "under_1d": gettext_lazy("Under 1 day"),
    "1_3d": gettext_lazy("1 to 3 days"),
    "3_7d": gettext_lazy("3 to 7 days"),
    "over_7d": gettext_lazy("Over 7 days"),
    "": gettext_lazy("No feedback yet"),
}
