"""What hrflow changed: the case's three figures for the months before going live (the
baseline) and the latest months, beside the targets the case was judged by (manual
entry -80 %, time to hire -30 %, candidate satisfaction +25 %)."""

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import F, Min, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.drilldown.windows import window_filter, window_tests_register
from analytics.facts.refresh import facts_state, report_settings
from analytics.models import AiResultFact, DurationFact, SurveyFact
from analytics.reports.common import (
    count_cell,
    days_cell,
    drill_applications,
    duration_summary,
    share_cell,
    text_cell,
)
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import filter_labels
from analytics.reports.registry import VIEW_REPORTS, ReportSpec
from analytics.reports.shapes import Cell, Column, Report, ReportTable

TIME_TO_HIRE = "ttf:applied>offer_accepted"
# The case's targets, as relative changes from the baseline.
TARGET_MANUAL, TARGET_TIME, TARGET_SATISFACTION = -0.80, -0.30, 0.25


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class Figures:
    """One period's three figures and the n behind each (None: nothing to count)."""

    results: int
    manual: int
    time_n: int
    time_median: float | None
    answers: int
    satisfaction: float | None

    @property
    def manual_share(self) -> float | None:
        return self.manual / self.results if self.results else None


def go_live_day() -> date | None:
    """The report settings' go-live day; else the week the first AI result arrived from
    a vendor by itself (the earliest week with fewer results typed in than arrived)."""
    chosen = report_settings().go_live_on
    if chosen is not None:
        return chosen
    found: date | None = AiResultFact.objects.filter(manual__lt=F("results")).aggregate(
        first=Min("result_week")
    )["first"]
    return found


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def periods(flt: ReportFilter, go_live: date, months: int) -> tuple[Period, Period]:
    """The months before going live, and the months up to the filter's end, never
    reaching back before going live: the two periods never share a day."""
    baseline = Period(months_before(go_live, months), go_live - timedelta(days=1))
    current = Period(max(go_live, months_before(flt.end, months) + timedelta(days=1)), flt.end)
    return baseline, current


def figures_of(flt: ReportFilter, period: Period) -> Figures:
    inside = replace(flt, start=period.start, end=period.end)
    results = inside.facts(AiResultFact, "result_week").aggregate(
        results=Sum("results"), manual=Sum("manual")
    )
    durations = [
        (minutes, n)
        for minutes, n in inside.facts(DurationFact, "end_day")
        .filter(metric=TIME_TO_HIRE)
        .values_list("minutes")
        .annotate(n=Sum("count"))
        .order_by()
    ]
    time_n, median, _p90 = duration_summary(durations)
    # Rating 0 rows are surveys due but not answered: no rating to average.
    ratings = list(
        inside.facts(SurveyFact, "answered_week")
        .filter(rating__gte=1)
        .values_list("rating")
        .annotate(n=Sum("count"))
        .order_by()
    )
    answers = sum(n for _rating, n in ratings)
    return Figures(
        results=results["results"] or 0,
        manual=results["manual"] or 0,
        time_n=time_n,
        time_median=median,
        answers=answers,
        satisfaction=sum(rating * n for rating, n in ratings) / answers if answers else None,
    )


def relative_change(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / before


def _met_cell(change: float | None, target: float) -> Cell:
    if change is None:
        return Cell(None, _("not known"))
    met = change <= target if target < 0 else change >= target
    return Cell(met, _("met") if met else _("not met"))


def _change_cell(change: float | None, points: float | None = None) -> Cell:
    if change is None:
        return Cell(None, "–")
    text = f"{change * 100:+.1f} %"
    if points is not None:
        text = _("%(points)+.1f pp (%(change)s)") % {"points": points * 100, "change": text}
    return Cell(round(change, 4), text)


def _target_cell(target: float) -> Cell:
    return Cell(target, f"{target * 100:+.0f} %")


def _drill(flt: ReportFilter, metric: str, period: Period, **extra: str) -> str:
    return drill_applications(
        window_filter(flt, period.end),
        metric,
        day_from=period.start.isoformat(),
        day_to=period.end.isoformat(),
        **extra,
    )


def _rating_cell(value: float | None) -> Cell:
    return Cell(None, "–") if value is None else Cell(round(value, 2), f"{value:.2f}")


def _figure_rows(flt: ReportFilter, baseline: Period, current: Period) -> list[tuple[Cell, ...]]:
    before, after = figures_of(flt, baseline), figures_of(flt, current)
    manual_change = relative_change(before.manual_share, after.manual_share)
    points = None
    if after.manual_share is not None and before.manual_share is not None:
        points = after.manual_share - before.manual_share
    time_change = relative_change(before.time_median, after.time_median)
    mood_change = relative_change(before.satisfaction, after.satisfaction)
    tth = {"tth_start": "applied", "tth_end": "offer_accepted"}

    def manual(period: Period, figures: Figures) -> tuple[Cell, Cell]:
        typed = _drill(flt, "ai_result_weeks", period, manual="1")
        return (
            share_cell(figures.manual, figures.results, typed),
            count_cell(figures.results, _drill(flt, "ai_result_weeks", period)),
        )

    return [
        (
            text_cell(_("Share of AI results entered by hand")),
            *manual(baseline, before),
            *manual(current, after),
            _change_cell(manual_change, points),
            _target_cell(TARGET_MANUAL),
            _met_cell(manual_change, TARGET_MANUAL),
        ),
        (
            text_cell(_("Median time to hire (applied → offer accepted)")),
            days_cell(before.time_median),
            count_cell(before.time_n, _drill(flt, "ttf", baseline, **tth)),
            days_cell(after.time_median),
            count_cell(after.time_n, _drill(flt, "ttf", current, **tth)),
            _change_cell(time_change),
            _target_cell(TARGET_TIME),
            _met_cell(time_change, TARGET_TIME),
        ),
        (
            text_cell(_("Mean candidate satisfaction (1-5)")),
            _rating_cell(before.satisfaction),
            count_cell(before.answers, _drill(flt, "survey_weeks", baseline)),
            _rating_cell(after.satisfaction),
            count_cell(after.answers, _drill(flt, "survey_weeks", current)),
            _change_cell(mood_change),
            _target_cell(TARGET_SATISFACTION),
            _met_cell(mood_change, TARGET_SATISFACTION),
        ),
    ]


def _no_comparison(flt: ReportFilter, reason: str) -> Report:
    return Report(
        key="before-after",
        title=_("What hrflow changed"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=filter_labels(flt),
        headline=(reason,),
        tables=(),
        method=_method(go_live_set=False),
    )


def before_after_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    settings = report_settings()
    go_live = go_live_day()
    if go_live is None:
        return _no_comparison(
            flt,
            _(
                "No AI result has arrived from a vendor by itself yet, and no go-live day "
                "is set in the report settings: there is no baseline to compare with."
            ),
        )
    if flt.end < go_live:
        return _no_comparison(
            flt,
            _("The period ends before going live on %(day)s: pick a later end date.")
            % {"day": go_live.isoformat()},
        )
    baseline, current = periods(flt, go_live, settings.compare_months)
    table = ReportTable(
        key="before_after",
        title=_("Before and after hrflow"),
        columns=(
            Column("figure", _("Figure")),
            Column("baseline", _("Baseline %(period)s") % {"period": baseline.label}, "number"),
            Column("baseline_n", _("Baseline n"), "int"),
            Column("current", _("Current %(period)s") % {"period": current.label}, "number"),
            Column("current_n", _("Current n"), "int"),
            Column("change", _("Change"), "number"),
            Column("target", _("Target"), "percent"),
            Column("met", _("Target met")),
        ),
        rows=_figure_rows(flt, baseline, current),
        notes=(
            _(
                "Baseline: %(baseline)s, the months before going live on %(day)s. "
                "Current: %(current)s."
            )
            % {"baseline": baseline.label, "day": go_live.isoformat(), "current": current.label},
            _(
                "The date filter picks only the end of the current period; each period is "
                "%(months)s months long (report settings)."
            )
            % {"months": settings.compare_months},
        ),
    )
    return Report(
        key="before-after",
        title=_("What hrflow changed"),
        as_of=facts_state().watermark,
        period_start=current.start,
        period_end=current.end,
        filters=filter_labels(replace(flt, start=current.start)),
        headline=(
            _(
                "Baseline %(baseline)s against the current %(current)s; the date filter "
                "picks only the end of the current period."
            )
            % {"baseline": baseline.label, "current": current.label},
        ),
        tables=(table,),
        method=_method(go_live_set=settings.go_live_on is not None),
    )


def _method(*, go_live_set: bool) -> tuple[str, ...]:
    if go_live_set:
        start = _("Going live: the day set in the report settings.")
    else:
        start = _(
            "Going live: the week the first AI result arrived from a vendor by itself (no "
            "day is set in the report settings)."
        )
    return (
        start,
        _(
            "Share entered by hand: AI results typed in by HR over all AI results, by the "
            "week they arrived."
        ),
        _(
            "Time to hire: applied to offer accepted, median, for the offers accepted in "
            "the period."
        ),
        _(
            "Satisfaction: mean of the survey ratings (1-5) answered in the period; surveys "
            "due but not answered are left out."
        ),
        _(
            "Change: relative to the baseline (for the share entered by hand also in "
            "percentage points); the case's targets: manual entry -80 %, time to hire "
            "-30 %, satisfaction +25 %."
        ),
    )


window_tests_register()

SPEC = ReportSpec(
    key="before-after",
    title=gettext_lazy("What hrflow changed"),
    summary=gettext_lazy(
        "Share of AI results entered by hand, median time to hire and candidate "
        "satisfaction before going live and now, against the case's targets."
    ),
    permission=VIEW_REPORTS,
    build=before_after_report,
    order=50,
)
