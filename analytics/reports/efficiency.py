"""Recruiting efficiency: how AI results are judged, how fast HR acts on them, and how
many arrive by themselves instead of being typed in."""

from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.facts.refresh import facts_state
from analytics.models import AiResultFact, CohortFact, StageFact
from analytics.reports.common import (
    count_cell,
    days_cell,
    drill_applications,
    duration_columns,
    duration_counts,
    duration_counts_many,
    duration_summary,
    period_label,
    share_cell,
    text_cell,
)
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import (
    filter_labels,
    job_titles,
    stage_label,
    stage_order,
    vendor_label,
)
from analytics.reports.registry import VIEW_REPORTS, ReportSpec
from analytics.reports.shapes import ChartSpec, Column, Report, ReportTable

SUMS = ("results", "manual", "judged", "passed")


def efficiency_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    results = flt.facts(AiResultFact, "result_week")
    tables = (
        _trend(flt, results),
        _pass_by(flt, results, "job_id", _("Job"), _("AI pass rate by job")),
        _pass_by(
            flt, results, "rule_version", _("Rule version"), _("AI pass rate by rule version")
        ),
        _pass_by(flt, results, "vendor", _("AI vendor"), _("AI pass rate by vendor")),
        _pass_by(flt, results, "stage_kind", _("Stage"), _("AI pass rate by stage")),
        _speed(flt),
        _stage_times(flt),
    )
    return Report(
        key="efficiency",
        title=_("Recruiting efficiency"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=filter_labels(flt),
        headline=_headline(results, flt),
        tables=tables,
        method=(
            _(
                "AI pass rate: AI results whose application left the stage it was in when the "
                "result arrived for a later stage, over the results judged (moved on or "
                "rejected there); results still waiting are not judged yet."
            ),
            _("Results by the week they arrived; times by the week the application applied."),
            _(
                "HR handling time: the time the next action was HR's (screening, interviews, "
                "deciding after a result arrived, preparing the offer), from the stage history; "
                "time waiting for the candidate or the vendor is left out, and only "
                "applications that ended count."
            ),
            _("Moves undone within the minutes set in the report settings are ignored."),
            _(
                "Entered by hand: AI results HR typed in; the rest arrived from the vendor by "
                "themselves."
            ),
        ),
    )


def _sums(rows: Any, *group: str) -> list[dict[str, Any]]:
    return list(rows.values(*group).annotate(**{f: Sum(f) for f in SUMS}).order_by(*group))


def _headline(results: Any, flt: ReportFilter) -> tuple[str, ...]:
    total = results.aggregate(**{f: Sum(f) for f in SUMS})
    if not total["results"]:
        return (_("No AI results arrived in this period."),)
    lines = [
        _(
            "%(n)s AI results; %(auto).0f %% arrived by themselves, %(manual)s were typed "
            "in by hand."
        )
        % {
            "n": f"{total['results']:,}",
            "auto": 100 * (1 - total["manual"] / total["results"]),
            "manual": f"{total['manual']:,}",
        }
    ]
    if total["judged"]:
        lines.append(
            _("%(rate).1f %% of the judged results passed.")
            % {"rate": 100 * total["passed"] / total["judged"]}
        )
    n, median, _p90 = duration_summary(duration_counts(flt, "ttf:ai_result>offer_sent"))
    if median is not None:
        lines.append(
            _("From AI result to offer took %(days).1f days (median, %(n)s offers).")
            % {"days": median / 1440, "n": f"{n:,}"}
        )
    return tuple(lines)


def _trend(flt: ReportFilter, results: Any) -> ReportTable:
    by_period: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    for row in _sums(results, "result_week"):
        period = flt.period_of(row["result_week"])
        for field in SUMS:
            by_period[period][field] += row[field] or 0
    rows = []
    for period in sorted(by_period):
        sums = by_period[period]
        rows.append(
            (
                text_cell(period_label(flt, period)),
                count_cell(sums["results"]),
                count_cell(sums["results"] - sums["manual"]),
                count_cell(sums["manual"], drill_applications(flt, "ai_manual", period=period)),
                share_cell(sums["manual"], sums["results"]),
                count_cell(sums["judged"]),
                share_cell(
                    sums["passed"],
                    sums["judged"],
                    drill_applications(flt, "ai_passed", period=period),
                ),
            )
        )
    return ReportTable(
        key="trend",
        title=_("AI results and pass rate over time"),
        columns=(
            Column("period", _("Period")),
            Column("results", _("AI results"), "int"),
            Column("automatic", _("Arrived by themselves"), "int"),
            Column("manual", _("Entered by hand"), "int"),
            Column("manual_share", _("Share entered by hand"), "percent"),
            Column("judged", _("Judged"), "int"),
            Column("pass_rate", _("Pass rate"), "percent"),
        ),
        rows=rows,
        chart=ChartSpec("line", x="period", series=("pass_rate", "manual_share"), percent=True),
        empty_text=_("No AI results arrived in this period."),
    )


def _pass_by(flt: ReportFilter, results: Any, field: str, label: str, title: str) -> ReportTable:
    names = job_titles() if field == "job_id" else {}
    rows = []
    for row in _sums(results, field):
        value = row[field]
        if field == "job_id":
            name = names.get(value, str(value))
        elif field == "vendor":
            name = vendor_label(value)
        elif field == "stage_kind":
            name = stage_label(value)
        else:
            name = value or _("No rule (decided by people)")
        extra = {field.removesuffix("_id"): value} if field != "job_id" else {"job": value}
        rows.append(
            (
                text_cell(name),
                count_cell(row["results"]),
                count_cell(row["manual"]),
                count_cell(row["judged"]),
                count_cell(row["passed"], drill_applications(flt, "ai_passed", **extra)),
                share_cell(row["passed"], row["judged"]),
            )
        )
    rows.sort(key=lambda cells: -(cells[1].value or 0))
    return ReportTable(
        key=f"pass_by_{field}",
        title=title,
        columns=(
            Column("name", label),
            Column("results", _("AI results"), "int"),
            Column("manual", _("Entered by hand"), "int"),
            Column("judged", _("Judged"), "int"),
            Column("passed", _("Passed"), "int"),
            Column("pass_rate", _("Pass rate"), "percent"),
        ),
        rows=rows[:50],
        chart=ChartSpec("bar", x="name", series=("pass_rate",), percent=True)
        if len(rows) > 1
        else None,
        notes=(_("The 50 largest shown; the export holds the same."),) if len(rows) > 50 else (),
        empty_text=_("No AI results arrived in this period."),
    )


def _speed(flt: ReportFilter) -> ReportTable:
    rows = []
    intervals = (
        ("ttf:ai_result>offer_sent", _("AI result → offer sent")),
        ("ai_to_feedback", _("AI result → first feedback to the candidate")),
        ("hr_handling", _("HR handling time per application")),
        ("ttf:applied>offer_accepted", _("Applied → offer accepted")),
    )
    counts = duration_counts_many(flt, [metric for metric, _label in intervals])
    for metric, label in intervals:
        n, median, p90 = duration_summary(counts[metric])
        rows.append((text_cell(label), count_cell(n), days_cell(median), days_cell(p90)))
    cohorts = flt.facts(CohortFact).aggregate(n=Sum("hr_applications"), seconds=Sum("hr_seconds"))
    mean = cohorts["seconds"] / 60 / cohorts["n"] if cohorts["n"] else None
    return ReportTable(
        key="speed",
        title=_("How long it takes"),
        columns=(
            Column("what", _("Interval")),
            *duration_columns(),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="what", series=("median", "p90")),
        notes=(_("Mean HR handling time: %(days)s.") % {"days": days_cell(mean).text},),
    )


def _stage_times(flt: ReportFilter) -> ReportTable:
    rows = []
    stages = (
        flt.facts(StageFact)
        .values("stage_kind")
        .annotate(stays=Sum("stays"), seconds=Sum("stay_seconds"), reached=Sum("reached"))
        .order_by()
    )
    stages = sorted(
        (row for row in stages if row["stage_kind"] != "hired"),
        key=lambda r: stage_order(r["stage_kind"]),
    )
    counts = duration_counts_many(flt, [f"stage:{row['stage_kind']}" for row in stages])
    for row in stages:
        kind = row["stage_kind"]
        _n, median, p90 = duration_summary(counts[f"stage:{kind}"])
        mean = row["seconds"] / 60 / row["stays"] if row["stays"] else None
        rows.append(
            (
                text_cell(stage_label(kind)),
                count_cell(row["reached"], drill_applications(flt, "reached", stage=kind)),
                count_cell(row["stays"]),
                days_cell(mean),
                days_cell(median),
                days_cell(p90),
            )
        )
    return ReportTable(
        key="stage_times",
        title=_("Time in each stage"),
        columns=(
            Column("stage", _("Stage")),
            Column("reached", _("Reached"), "int"),
            Column("stays", _("Left the stage"), "int"),
            Column("mean", _("Mean (days)"), "days"),
            Column("median", _("Median (days)"), "days"),
            Column("p90", _("90th percentile (days)"), "days"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="stage", series=("mean", "median")),
        notes=(_("Only stays that ended count: a stage still open is not timed yet."),),
    )


SPEC = ReportSpec(
    key="efficiency",
    title=gettext_lazy("Recruiting efficiency"),
    summary=gettext_lazy(
        "AI pass rates by job, rule version and vendor; AI result to offer; HR handling time; "
        "results typed in by hand; time in each stage."
    ),
    permission=VIEW_REPORTS,
    build=efficiency_report,
    order=10,
)
