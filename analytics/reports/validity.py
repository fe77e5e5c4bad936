"""Did the AI scores predict performance? Each AI dimension and the overall score
against the hires' later outcomes (docs/ANALYTICS.md, section 1).

Pearson and Spearman with 95 % Fisher-z intervals, withheld under 30 pairs and
marked "low power" under 85; the range-restriction correction beside the observed r,
never alone; a calibration view (mean outcome by score quintile); the same figure
per vendor model version and per job family, since a vendor's new model is a new
instrument and pooling across cohorts mixes them.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from analytics.facts.refresh import facts_state
from analytics.reports.common import count_cell, drill_employees, text_cell
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import filter_labels
from analytics.reports.registry import VIEW_VALIDITY, ReportSpec
from analytics.reports.shapes import Cell, ChartSpec, Column, Report, ReportTable
from analytics.reports.validity_figures import (
    PairFigures,
    applicant_sd,
    choices_present,
    figures_all,
    pair_figures,
    pairs_by,
    sorted_figures,
    validity_rows,
)
from analytics.reports.validity_pick import ValidityPickForm, picked
from analytics.reports.validity_words import (
    OVERALL,
    Names,
    direction_words,
    goes_the_right_way,
    signed,
)
from analytics.stats.calibration import calibration_by_quintile
from analytics.stats.correlation import Correlation
from analytics.stats.power import MIN_PAIRS_FOR_COEFFICIENT, PowerVerdict

# Validity needs hires who have had time to be reviewed: three years unless asked.
DEFAULT_DAYS = 3 * 365 + 1


def validity_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    names = Names()
    predictors, outcomes = choices_present(flt)
    form = ValidityPickForm(params, predictors=predictors, outcomes=outcomes, names=names)
    predictor, outcome = picked(form)
    order = {code: index for index, code in enumerate([OVERALL, *predictors])}
    figures = sorted_figures(figures_all(flt), order)
    pick = {"predictor": predictor, "outcome": outcome}
    pair_name = _("%(predictor)s × %(outcome)s") % {
        "predictor": names.predictor(predictor),
        "outcome": names.outcome(outcome).name,
    }
    return Report(
        key="validity",
        title=_("Did the AI scores predict performance?"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=filter_labels(flt),
        headline=_headline(figures, names, params, flt),
        tables=(
            _correlations(flt, figures, names),
            _calibration(flt, predictor, outcome, pair_name),
            _by_cohort(flt, pick, "model_version", _("Vendor model version"), pair_name),
            _by_cohort(flt, pick, "job_family", _("Job family"), pair_name),
        ),
        method=_method(),
        extra={"form": form, "params": pick, "hidden_params": {}},
    )


HEADLINE_PAIRS = 5


def _headline(
    figures: list[PairFigures], names: Names, params: dict[str, str], flt: ReportFilter
) -> tuple[str, ...]:
    lines = []
    if not params.get("start"):
        lines.append(
            _(
                "Hires of the last three years (%(start)s – %(end)s): validity needs time "
                "for outcomes; pick dates to change it."
            )
            % {"start": flt.start.isoformat(), "end": flt.end.isoformat()}
        )
    if not figures:
        lines.append(_("No hire with an AI score has an outcome in this period yet."))
        return tuple(lines)
    meaningful = [f for f in figures if _clear_of_zero(_headline_coefficient(f, names))]
    # The strongest first, and only a few: eighteen lines on the demo were read by nobody.
    meaningful.sort(key=lambda f: -abs(_headline_coefficient(f, names).r or 0))  # type: ignore[union-attr]
    for figure in meaningful[:HEADLINE_PAIRS]:
        lines.append(_pair_words(figure, names))
    if len(meaningful) > HEADLINE_PAIRS:
        more = len(meaningful) - HEADLINE_PAIRS
        lines.append(
            ngettext(
                "%(n)s more clear relation is in the table below.",
                "%(n)s more clear relations are in the table below.",
                more,
            )
            % {"n": more}
        )
    if not meaningful:
        shown = [f for f in figures if f.verdict is not PowerVerdict.NOT_ENOUGH_DATA]
        lines.append(
            _("No AI score went clearly with any outcome: every interval includes zero.")
            if shown
            else _(
                "Not enough data yet: a correlation needs at least %(n)s hires with both a "
                "score and the outcome."
            )
            % {"n": MIN_PAIRS_FOR_COEFFICIENT}
        )
    return tuple(lines)


def _headline_coefficient(figure: PairFigures, names: Names) -> Correlation | None:
    """Spearman for ratings and counts, Pearson (point-biserial) for pass / fail."""
    return figure.pearson if names.outcome(figure.outcome).is_binary else figure.spearman


def _clear_of_zero(found: Correlation | None) -> bool:
    if found is None or found.r is None or found.ci_low is None or found.ci_high is None:
        return False
    return found.ci_low > 0 or found.ci_high < 0


def _pair_words(figure: PairFigures, names: Names) -> str:
    outcome = names.outcome(figure.outcome)
    found = _headline_coefficient(figure, names)
    assert found is not None
    assert found.r is not None
    symbol = "r" if outcome.is_binary else "ρ"
    line = _("%(predictor)s: %(words)s, %(symbol)s = %(r)s [%(low)s, %(high)s], n = %(n)s") % {
        "predictor": names.predictor(figure.predictor),
        "words": direction_words(outcome, found.r),
        "symbol": symbol,
        "r": signed(found.r),
        "low": signed(found.ci_low or 0),
        "high": signed(found.ci_high or 0),
        "n": f"{figure.n:,}",
    }
    if figure.verdict is PowerVerdict.LOW_POWER:
        line += " " + _("(low power)")
    if not goes_the_right_way(outcome, found.r):
        line += " " + _("— the wrong way round: look into it before relying on this score.")
    return line


def _stat_cell(found: Correlation | None, figure: PairFigures, drill: str = "") -> Cell:
    if figure.constant:
        return Cell(None, _("no variation"), note=_("Every hire has the same value."))
    if found is None or found.r is None:
        return Cell(None, _("not enough data"), drill=drill)
    text = f"{signed(found.r)} [{signed(found.ci_low or 0)}, {signed(found.ci_high or 0)}]"
    return Cell(round(found.r, 4), text, drill=drill)


def _power_cell(figure: PairFigures) -> Cell:
    labels = {
        PowerVerdict.NOT_ENOUGH_DATA: _("not enough data"),
        PowerVerdict.LOW_POWER: _("low power"),
        PowerVerdict.OK: _("ok"),
    }
    return Cell(str(figure.verdict), labels[figure.verdict])


def _corrected_cell(figure: PairFigures) -> Cell:
    found = figure.corrected
    if found is None:
        return Cell(None, "–")
    text = _("%(observed)s → %(corrected)s (u = %(u).2f)") % {
        "observed": signed(found.observed),
        "corrected": signed(found.corrected),
        "u": found.u,
    }
    return Cell(round(found.corrected, 4), text)


def _figure_row(flt: ReportFilter, figure: PairFigures, first: Cell, **drill: Any) -> list[Cell]:
    link = drill_employees(flt, predictor=figure.predictor, outcome=figure.outcome, **drill)
    return [
        first,
        count_cell(figure.n, link),
        _stat_cell(figure.pearson, figure, link),
        _stat_cell(figure.spearman, figure, link),
        _corrected_cell(figure),
        _power_cell(figure),
    ]


def _stat_columns() -> tuple[Column, ...]:
    return (
        Column("n", _("Hires (n)"), "int"),
        Column("pearson", _("Pearson r [95 % CI]"), "stat"),
        Column("spearman", _("Spearman ρ [95 % CI]"), "stat"),
        Column("corrected", _("Observed r → corrected for range restriction"), "stat"),
        Column("power", _("Power")),
    )


def _correlations(flt: ReportFilter, figures: list[PairFigures], names: Names) -> ReportTable:
    rows = []
    for figure in figures:
        label = text_cell(
            _("%(predictor)s × %(outcome)s")
            % {
                "predictor": names.predictor(figure.predictor),
                "outcome": names.outcome(figure.outcome).name,
            }
        )
        rows.append(_figure_row(flt, figure, label))
    return ReportTable(
        key="correlations",
        title=_("AI scores against outcomes"),
        columns=(Column("pair", _("AI score × outcome")), *_stat_columns()),
        rows=rows,
        notes=(
            _(
                "The corrected value estimates r among all applicants (Thorndike Case II); "
                "it is shown only beside the observed r among hires and over-corrects when "
                "hiring selected on several scores."
            ),
        ),
        empty_text=_("No hire with an AI score has an outcome in this period yet."),
    )


def _calibration(flt: ReportFilter, predictor: str, outcome: str, pair_name: str) -> ReportTable:
    grouped = pairs_by(validity_rows(flt, predictor=predictor, outcome=outcome))
    xs, ys = grouped.get((), ([], []))
    rows = []
    if xs:
        for found in calibration_by_quintile(xs, ys):
            score_range = (
                f"{found.lowest_score:g} – {found.highest_score:g}"
                if found.lowest_score is not None
                else "–"
            )
            mean = found.mean_outcome
            rows.append(
                [
                    text_cell(_("Quintile %(k)s") % {"k": found.quintile}),
                    text_cell(score_range),
                    count_cell(found.n),
                    Cell(
                        None if mean is None else round(mean, 3),
                        "–" if mean is None else f"{mean:.2f}",
                        note=_("fewer than 5 hires: read with care") if found.too_few else "",
                    ),
                ]
            )
    return ReportTable(
        key="calibration",
        title=_("Mean outcome by AI-score quintile among hires: %(pair)s") % {"pair": pair_name},
        columns=(
            Column("quintile", _("Score quintile")),
            Column("scores", _("Scores")),
            Column("n", _("Hires (n)"), "int"),
            Column("mean", _("Mean outcome"), "number"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="quintile", series=("mean",)) if rows else None,
        notes=(_("Pass / fail and stayed / left outcomes: the mean is the share (1 = all)."),),
        empty_text=_("No hire has both this score and this outcome in the period."),
    )


def _by_cohort(
    flt: ReportFilter, pick: dict[str, str], field: str, label: str, pair_name: str
) -> ReportTable:
    predictor, outcome = pick["predictor"], pick["outcome"]
    rows_in = validity_rows(flt, predictor=predictor, outcome=outcome)
    spread = applicant_sd(flt, predictor)
    rows = []
    for (cohort,), pairs in sorted(pairs_by(rows_in, field).items()):
        figure = pair_figures(predictor, outcome, pairs, spread)
        name = text_cell(cohort or _("(not recorded)"))
        rows.append(_figure_row(flt, figure, name, **{field: cohort or "-"}))
    return ReportTable(
        key=f"by_{field}",
        title=_("%(pair)s by %(cohort)s") % {"pair": pair_name, "cohort": label.lower()},
        columns=(Column(field, label), *_stat_columns()),
        rows=rows,
        empty_text=_("No hire has both this score and this outcome in the period."),
    )


def _method() -> tuple[str, ...]:
    return (
        _(
            "Hires whose month of hire is in the period, with the first AI interview's "
            "scores at hire; outcomes: the first closed review's rating and KPI results, "
            "probation passed or not, still employed 12 months after the hire."
        ),
        _(
            "Pearson r and Spearman ρ (average ranks for ties) with 95-per-cent intervals by "
            "Fisher's z; Spearman's standard error by Bonett and Wright (2000). For pass / "
            "fail outcomes Pearson r is the point-biserial r."
        ),
        _(
            "Under 30 hires no coefficient is shown; from 30 to 84 hires it is marked low "
            "power (85 are needed to detect r = 0.30 with power 0.80)."
        ),
        _(
            "Range restriction: R = r·u / √(1 − r² + r²u²), u = SD of every applicant's "
            "score (applied in the period, same filters) ÷ SD of the hires' scores in the "
            "figure."
        ),
        _(
            "Per vendor model version and job family: each cohort on its own, since a new "
            "model is a new instrument."
        ),
    )


SPEC = ReportSpec(
    key="validity",
    title=gettext_lazy("Did the AI scores predict performance?"),
    summary=gettext_lazy(
        "Each AI dimension and the overall score against review ratings, KPI results, "
        "probation and 12-month retention: correlations with intervals, corrected for "
        "range restriction, a calibration chart, per model version and job family."
    ),
    permission=VIEW_VALIDITY,
    build=validity_report,
    pdf=True,
    order=30,
    default_days=DEFAULT_DAYS,
)
