"""Funnel, time to hire and sources: how far the period's applicants got (cohort), what
happened in each period (activity), how long hiring took between two milestones the
user picks, and what each source brought, down to its hires' retention and ratings."""

import calendar
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.drilldown.windows import window_filter, window_tests_register
from analytics.facts.refresh import facts_state
from analytics.models import ActivityFact, CohortFact, SourceOutcomeFact, StageFact
from analytics.reports.common import (
    count_cell,
    days_cell,
    drill_applications,
    duration_summary,
    period_label,
    share_cell,
    text_cell,
)
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import filter_labels, stage_label, stage_order
from analytics.reports.registry import VIEW_REPORTS, ReportSpec
from analytics.reports.shapes import Cell, ChartSpec, Column, Report, ReportTable
from analytics.reports.time_to_hire import (
    TimeToHireChoice,
    minutes_by_period,
    time_to_hire_choice,
)
from recruiting.selectors.reporting import HIRED, REJECTED, WITHDRAWN

ENDS = (HIRED, REJECTED, WITHDRAWN)
COHORT_SUMS = ("applications", "ai_judged", "ai_passed", "offers_sent", "hired")
OUTCOME_SUMS = ("hires", "retained_known", "retained", "rated", "rating_sum")
METHOD = (
    gettext_lazy(
        "Cohort: the applications that applied in the period (by the week they applied) "
        "and every stage they reached, whenever they reached it; conversion to the next "
        "stage is the next stage's reached over this one's."
    ),
    gettext_lazy(
        "Activity: what happened on the period's days, whenever the application applied: "
        "entries into each stage and ends."
    ),
    gettext_lazy(
        "Moves undone within the minutes set in the report settings (A → B, then back to "
        "A) are ignored: neither the stage entry nor the time counts."
    ),
    gettext_lazy(
        "Time to hire: from the first milestone to the second, for the applications whose "
        "second milestone fell in the period; the trend by the period it fell in."
    ),
    gettext_lazy(
        "Sources: the applications of the period's cohorts by where they came from; the "
        "hires' 6-month retention counts only hires of six months ago or more, or who left "
        "earlier, and their rating is the first closed review's."
    ),
)


def funnel_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    choice = time_to_hire_choice(params)
    by_period = minutes_by_period(flt, choice.metric)
    return Report(
        key="funnel",
        title=_("Funnel, time to hire, sources"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=(*filter_labels(flt), (_("Time to hire"), choice.label)),
        headline=_headline(flt, choice, by_period),
        tables=(
            _cohort(flt),
            *_activity(flt),
            _time_to_hire(flt, choice, by_period),
            _sources(flt),
        ),
        method=tuple(str(line) for line in METHOD),
        extra={
            "form": choice.form,
            # Drawn beside the filters by the report page; errors shown above them.
            "param_fields": choice.fields(),
            "param_errors": choice.errors(),
            "query_params": {"tth_start": choice.start, "tth_end": choice.end},
        },
    )


def _headline(
    flt: ReportFilter, choice: TimeToHireChoice, by_period: dict[date, list[tuple[int, int]]]
) -> tuple[str, ...]:
    totals = flt.facts(CohortFact).aggregate(n=Sum("applications"), hired=Sum("hired"))
    if not totals["n"]:
        return (_("No applications in this period."),)
    lines = [
        _("%(n)s applications; %(hired)s of them hired (%(rate).1f %%).")
        % {
            "n": f"{totals['n']:,}",
            "hired": f"{totals['hired'] or 0:,}",
            "rate": 100 * (totals["hired"] or 0) / totals["n"],
        }
    ]
    n, median, _p90 = duration_summary(_merged(by_period))
    if median is not None:
        lines.append(
            _("%(interval)s took %(days).1f days (median, %(n)s applications).")
            % {"interval": choice.label, "days": median / 1440, "n": f"{n:,}"}
        )
    return tuple(lines)


def _merged(by_period: dict[date, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    return [pair for pairs in by_period.values() for pair in pairs]


def _cohort(flt: ReportFilter) -> ReportTable:
    applications = flt.facts(CohortFact).aggregate(n=Sum("applications"))["n"] or 0
    stages = sorted(
        (
            row
            for row in flt.facts(StageFact)
            .values("stage_kind")
            .annotate(reached=Sum("reached"), moved_on=Sum("moved_on"))
            .order_by()
            if row["reached"]
        ),
        key=lambda row: stage_order(row["stage_kind"]),
    )
    rows = []
    for position, row in enumerate(stages):
        kind = row["stage_kind"]
        # The last stage has no next one: no conversion (not 0 %).
        following = stages[position + 1]["reached"] if position + 1 < len(stages) else None
        rows.append(
            (
                text_cell(stage_label(kind)),
                count_cell(row["reached"], drill_applications(flt, "reached", stage=kind)),
                count_cell(row["moved_on"], drill_applications(flt, "moved_on", stage=kind)),
                share_cell(following, row["reached"]) if following else Cell(None, "–"),
                share_cell(row["reached"], applications),
            )
        )  # fmt: skip
    return ReportTable(
        key="cohort",
        title=_("Funnel of the period's applicants (cohort)"),
        columns=(
            Column("stage", _("Stage")),
            Column("reached", _("Reached"), "int"),
            Column("moved_on", _("Moved on to a later stage"), "int"),
            Column("to_next", _("Conversion to the next stage"), "percent"),
            Column("of_applied", _("Of all applications"), "percent"),
        ),
        rows=rows,
        chart=ChartSpec("funnel", x="stage", series=("reached",)),
        notes=(_("%(n)s applications in the period's cohorts.") % {"n": f"{applications:,}"},),
        empty_text=_("No applications in this period."),
    )


def _period_days(flt: ReportFilter, period: date) -> tuple[date, date]:
    """The days of a trend period inside the filter's period."""
    if flt.grain == "week":
        last = period + timedelta(days=6)
    else:
        last = period.replace(day=calendar.monthrange(period.year, period.month)[1])
    return max(period, flt.start), min(last, flt.end)


def _window_drill(flt: ReportFilter, metric: str, days: tuple[date, date], **extra: Any) -> str:
    first, last = days
    return drill_applications(
        window_filter(flt, last),
        metric,
        day_from=first.isoformat(),
        day_to=last.isoformat(),
        **extra,
    )


def _activity(flt: ReportFilter) -> tuple[ReportTable, ReportTable]:
    counts: dict[date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        flt.facts(ActivityFact, "day")
        .values("day", "stage_kind", "event")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        counts[flt.period_of(row["day"])][(row["event"], row["stage_kind"])] += row["n"]
    kinds = sorted(
        {kind for found in counts.values() for event, kind in found if event == "entered"},
        key=stage_order,
    )
    entries, ends = [], []
    for period in sorted(counts):
        found, days = counts[period], _period_days(flt, period)
        entered = (
            count_cell(found[("entered", kind)], _window_drill(flt, "entered", days, stage=kind))
            for kind in kinds
        )
        entries.append((text_cell(period_label(flt, period)), *entered))
        ended = {event: sum(n for (e, _k), n in found.items() if e == event) for event in ENDS}
        ends.append(
            (
                text_cell(period_label(flt, period)),
                *(
                    count_cell(ended[event], _window_drill(flt, "ended", days, event=event))
                    for event in ENDS
                ),
            )
        )
    entry_columns = tuple(Column(f"stage_{kind}", stage_label(kind), "int") for kind in kinds)
    return (
        ReportTable(
            key="activity_entries",
            title=_("Stage entries by period (activity)"),
            columns=(Column("period", _("Period")), *entry_columns),
            rows=entries,
            chart=ChartSpec("stacked_bar", x="period", series=tuple(c.key for c in entry_columns)),
            empty_text=_("Nothing happened in this period."),
        ),
        ReportTable(
            key="activity_ends",
            title=_("Ends by period (activity)"),
            columns=(
                Column("period", _("Period")),
                Column("hired", _("Hired"), "int"),
                Column("rejected", _("Rejected"), "int"),
                Column("withdrawn", _("Withdrawn"), "int"),
            ),
            rows=ends,
            chart=ChartSpec("line", x="period", series=("hired", "rejected", "withdrawn")),
            empty_text=_("Nothing happened in this period."),
        ),
    )


def _time_to_hire(
    flt: ReportFilter, choice: TimeToHireChoice, by_period: dict[date, list[tuple[int, int]]]
) -> ReportTable:
    figure = {"tth_start": choice.start, "tth_end": choice.end}
    rows = []
    for period in sorted(by_period):
        n, median, p90 = duration_summary(by_period[period])
        drill = _window_drill(flt, "ttf", _period_days(flt, period), **figure)
        rows.append(
            (
                text_cell(period_label(flt, period)),
                count_cell(n, drill),
                days_cell(median),
                days_cell(p90),
            )
        )
    n, median, p90 = duration_summary(_merged(by_period))
    total = (
        text_cell(_("Whole period")),
        count_cell(n, _window_drill(flt, "ttf", (flt.start, flt.end), **figure)),
        days_cell(median),
        days_cell(p90),
    )
    return ReportTable(
        key="time_to_hire",
        title=_("Time to hire: %(interval)s") % {"interval": choice.label},
        columns=(
            Column("period", _("Period")),
            Column("n", _("Applications"), "int"),
            Column("median", _("Median (days)"), "days"),
            Column("p90", _("90th percentile (days)"), "days"),
        ),
        rows=[*rows, total] if rows else [],
        chart=ChartSpec("line", x="period", series=("median",)) if len(rows) > 1 else None,
        notes=(_("By the period the second milestone fell in; the last row is the whole period."),),
        empty_text=_("No application reached both milestones in this period."),
    )


def _sums_by_source(rows: Any, sums: tuple[str, ...]) -> dict[str, dict[str, int]]:
    return {
        row["source"]: {name: row[name] or 0 for name in sums}
        for row in rows.values("source").annotate(**{name: Sum(name) for name in sums}).order_by()
    }


def _sources(flt: ReportFilter) -> ReportTable:
    cohorts = _sums_by_source(flt.facts(CohortFact), COHORT_SUMS)
    outcomes = _sums_by_source(flt.facts(SourceOutcomeFact), OUTCOME_SUMS)
    rows = []
    for source in sorted(cohorts, key=lambda name: -cohorts[name]["applications"]):
        counts = cohorts[source]
        after = outcomes.get(source, dict.fromkeys(OUTCOME_SUMS, 0))

        def drill(metric: str, source: str = source) -> str:
            # Sourceless applications cannot be picked by the source filter: no list.
            return drill_applications(flt, metric, source=source) if source else ""

        rating = after["rating_sum"] / after["rated"] if after["rated"] else None
        rows.append(
            (
                text_cell(source or _("(no source)")),
                count_cell(counts["applications"], drill("applications")),
                share_cell(counts["ai_passed"], counts["ai_judged"], drill("ai_passed_cohort")),
                count_cell(counts["offers_sent"], drill("offers_sent")),
                count_cell(counts["hired"], drill("hired")),
                share_cell(after["retained"], after["retained_known"]),
                count_cell(after["retained_known"]),
                Cell(None, "–") if rating is None else Cell(round(rating, 2), f"{rating:.2f}"),
                count_cell(after["rated"]),
            )
        )
    return ReportTable(
        key="sources",
        title=_("Sources"),
        columns=(
            Column("source", _("Source")),
            Column("applications", _("Applicants"), "int"),
            Column("ai_pass_rate", _("AI pass rate"), "percent"),
            Column("offers", _("Offers"), "int"),
            Column("hired", _("Hires"), "int"),
            Column("retained_6m", _("Hires still employed after 6 months"), "percent"),
            Column("retained_known", _("Hires at least 6 months ago"), "int"),
            Column("rating", _("Mean first review rating"), "number"),
            Column("rated", _("Hires reviewed"), "int"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="source", series=("applications", "hired"))
        if len(rows) > 1
        else None,
        notes=(_("The lists behind the AI pass rate show the passed results."),),
        empty_text=_("No applications in this period."),
    )


window_tests_register()

SPEC = ReportSpec(
    key="funnel",
    title=gettext_lazy("Funnel, time to hire, sources"),
    summary=gettext_lazy(
        "Stage conversion by cohort and by period; time to hire between milestones you pick; "
        "what each source brought, down to its hires' retention and ratings."
    ),
    permission=VIEW_REPORTS,
    build=funnel_report,
    order=20,
)
