"""Fairness audit: selection rates per group of the voluntary self-identification
questions (and their intersections) at each stage and screening-rule version, with the
four-fifths flag; the AI scores' scoring rate as NYC Local Law 144 defines it.

The statistics are analytics.stats.adverse_impact's; what may be shown of them,
analytics.stats.impact_display's (no count under 5, none computable by subtraction).
"Prefer not to say" and "not asked" keep rows of their own and are compared with nobody.
Self-identification is sensitive personal information (PIPL): the audit shows counts
only and has no list of people behind any figure.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, Decimal
from itertools import combinations
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.facts.refresh import facts_state
from analytics.models import FairnessFact, ScoreFact
from analytics.reports.common import count_cell, percentile_of_counts, share_cell, text_cell
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import GROUP_QUESTIONS, filter_labels, stage_label, stage_order
from analytics.reports.registry import VIEW_FAIRNESS, ReportSpec
from analytics.reports.shapes import Cell, ChartSpec, Column, Report, ReportTable
from analytics.stats.adverse_impact import (
    UNKNOWN,
    ImpactTable,
    Measure,
    RowRole,
    SmallGroupExclusion,
    Tally,
    impact_table,
)
from analytics.stats.impact_display import ShownImpactTable, impact_table_for_display
from analytics.stats.small_cells import MIN_SHOWN_COUNT
from recruiting.selectors.reporting import GROUP_UNDISCLOSED as UNDISCLOSED

DEFAULT_QUESTION = "gender"
SINGLE = tuple(GROUP_QUESTIONS)
# Every single question and every pair of them (gender x ethnicity, gender x age band...).
QUESTIONS: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in SINGLE},
    **{f"{a}+{b}": (a, b) for a, b in combinations(SINGLE, 2)},
}
NOT_ASKED = ""
TIMES = " \N{MULTIPLICATION SIGN} "

Codes = tuple[str, ...]


def question_label(fields: Sequence[str]) -> str:
    names = {
        "gender": _("Gender"),
        "age_band": _("Age band"),
        "ethnicity": _("Ethnicity"),
        "disability": _("Disability"),
    }
    return TIMES.join(names.get(name, name) for name in fields)


def question_choices() -> list[tuple[str, str]]:
    return [(key, question_label(fields)) for key, fields in QUESTIONS.items()]


def fairness_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    question = params.get("question") or DEFAULT_QUESTION
    errors: list[str] = []
    if question not in QUESTIONS:
        errors.append(_("Pick a question from the list; showing gender instead."))
        question = DEFAULT_QUESTION
    fields = QUESTIONS[question]
    exclusion = SmallGroupExclusion(
        justification=_(
            "Groups under 2 per cent of the data are too small for a stable rate; "
            "their counts are disclosed."
        )
    )
    scoring = _scoring_table(flt, fields, exclusion)
    selections = _selection_tables(flt, fields, exclusion)
    return Report(
        key="fairness",
        title=_("Fairness audit"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=(*filter_labels(flt), (_("Groups"), question_label(fields))),
        headline=_headline(scoring, selections),
        tables=(scoring, *selections),
        method=_method(),
        extra={
            "param_fields": [
                {
                    "name": "question",
                    "label": _("Groups by"),
                    "choices": question_choices(),
                    "value": question,
                }
            ],
            "param_errors": errors,
            "query_params": {"question": question},
        },
    )


def _method() -> tuple[str, ...]:
    return (
        _(
            "Selection rate = applications that left a stage forward / applications the "
            "stage decided (moved on or rejected there), per group; applications still in"
            " the stage, or withdrawn there, are not counted: no one has decided about "
            "them. By the week the applications applied."
        ),
        _(
            "Impact ratio = a group's rate / the highest rate among the groups compared; "
            "under 0.80 is flagged (the four-fifths rule, 29 CFR 1607.4(D)), a prompt to "
            "look closer, not a finding. Ratios are rounded down."
        ),
        _(
            "AI scores: the scoring rate is the share of a group scoring above the median"
            " of every score in the selection (NYC Local Law 144, 6 RCNY 5-301), with "
            "impact ratios as above."
        ),
        _(
            "Groups are the answers to the voluntary self-identification questions, or "
            "their combinations; \"Prefer not to say\" and \"Not asked\" are reported as "
            "their own rows and never compared."
        ),
        _(
            "A group under 2 per cent of the data is left out of the comparison; its counts are "
            "disclosed, except that a count under 5 is shown as \"fewer than 5\"."
        ),
        _(
            "No count under 5 is shown, and further counts are withheld so that none can "
            "be worked out by subtraction from the totals (complementary suppression); a "
            "row with a withheld count shows no rate, ratio or p-value, and when the "
            "highest-rate group is withheld no ratio is shown."
        ),
        _(
            "Beside each ratio: the two-sided Fisher exact p of the group against the "
            "highest-rate group, since with small groups a low ratio may be chance."
        ),
        _(
            "Self-identification is sensitive personal information (PIPL): it is given "
            "voluntarily with separate consent, read only as counts, and this audit has "
            "no list of the people behind its figures."
        ),
    )  # fmt: skip


def _headline(scoring: ReportTable, selections: Sequence[ReportTable]) -> tuple[str, ...]:
    lines = [
        _(
            "Self-identification is sensitive personal information (PIPL): this audit "
            "shows counts only, with no list of people behind them."
        )
    ]
    flagged = [
        table.title
        for table in (scoring, *selections)
        if any(row[FLAG].value is True for row in table.rows)
    ]
    if flagged:
        lines.append(_("Under four-fifths in: %(tables)s.") % {"tables": "; ".join(flagged)})
    else:
        lines.append(_("No impact ratio under 0.80 among the groups that could be compared."))
    return tuple(lines)


def _category(codes: Codes) -> Codes:
    """The key the statistics get: the codes, and a last element that is UNKNOWN for a
    row that is not compared ("prefer not to say" or "not asked" in any of its codes)."""
    unknown = any(code in (NOT_ASKED, UNDISCLOSED) for code in codes)
    return (*codes, UNKNOWN if unknown else "")


def _order(fields: Sequence[str], codes: Codes) -> tuple[Any, ...]:
    def position(question: str, code: str) -> int:
        answers = list(GROUP_QUESTIONS[question])
        if code == NOT_ASKED:
            return len(answers) + 1
        return answers.index(code) if code in answers else len(answers)

    not_compared = any(code in (NOT_ASKED, UNDISCLOSED) for code in codes)
    return (not_compared, *(position(q, c) for q, c in zip(fields, codes, strict=True)))


def _label(fields: Sequence[str], codes: Codes) -> str:
    parts = []
    for question, code in zip(fields, codes, strict=True):
        if code == NOT_ASKED:
            parts.append(_("Not asked"))
        else:
            parts.append(str(GROUP_QUESTIONS[question].get(code, code)))
    return TIMES.join(parts)


COLUMNS = (
    Column("group", _("Group")),
    Column("role", _("Compared?")),
    Column("total", _("Applications"), "int"),
    Column("favourable", _("Selected"), "int"),
    Column("not_favourable", _("Not selected"), "int"),
    Column("rate", _("Rate"), "percent"),
    Column("impact_ratio", _("Impact ratio"), "ratio"),
    Column("flag", _("Under 4/5"), "text"),
    Column("fisher_p", _("Fisher exact p"), "stat"),
)
FLAG = 7


def _columns(scoring: bool) -> tuple[Column, ...]:
    if not scoring:
        renamed = {"total": _("Decided at this stage")}
        return tuple(Column(c.key, renamed.get(c.key, c.label), c.kind) for c in COLUMNS)
    renamed = {
        "favourable": _("Above the median"),
        "not_favourable": _("At or below the median"),
        "rate": _("Scoring rate"),
    }
    return tuple(Column(c.key, renamed.get(c.key, c.label), c.kind) for c in COLUMNS)


def _impact(
    counts: dict[Codes, tuple[int, int]],
    fields: Sequence[str],
    exclusion: SmallGroupExclusion,
    measure: Measure,
    sample_median: float | None = None,
) -> tuple[ImpactTable, ShownImpactTable, list[Codes]]:
    ordered = sorted((c for c in counts if counts[c][0] > 0), key=lambda c: _order(fields, c))
    tallies = {_category(codes): Tally(*counts[codes]) for codes in ordered}
    table = impact_table(
        tallies,
        measure=measure,
        questions=fields,
        exclusion=exclusion,
        sample_median=sample_median,
    )
    return table, impact_table_for_display(table), ordered


def _count_shown(shown: int | None, real: int) -> Cell:
    if shown is not None:
        return count_cell(shown)
    if real < MIN_SHOWN_COUNT:
        return Cell(None, _("fewer than 5"), masked=True)
    return Cell(None, _("withheld so that a smaller group cannot be worked out"), masked=True)


def _ratio_cell(ratio: float | None) -> Cell:
    if ratio is None:
        return Cell(None, "–")
    # Rounded down, so a ratio shown as 0.80 is never a flagged 0.7996.
    shown = Decimal(str(ratio)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
    return Cell(float(shown), f"{shown}")


def _role_cell(role: RowRole, codes: Codes, total: int | None, is_reference: bool) -> Cell:
    if role is RowRole.UNKNOWN:
        if NOT_ASKED in codes:
            return text_cell(_("not compared: not asked"))
        return text_cell(_("not compared: prefer not to say"))
    if role is RowRole.EXCLUDED:
        n = f"{total:,}" if total is not None else _("fewer than 5")
        return text_cell(_("excluded: under 2 %%, n = %(n)s") % {"n": n})
    if is_reference:
        return text_cell(_("yes (highest rate)"))
    return text_cell(_("yes"))


def _rows(
    table: ImpactTable, shown: ShownImpactTable, ordered: list[Codes]
) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    fields = table.questions
    for codes, raw, display in zip(ordered, table.rows, shown.rows, strict=True):
        counts = display.counts
        if display.rate is None:
            rate = Cell(None, "–", masked=counts.total is None)
        else:
            rate = share_cell(raw.favourable, raw.total)
        flag = display.below_four_fifths
        rows.append(
            (
                text_cell(_label(fields, codes)),
                _role_cell(raw.role, codes, counts.total, raw.category == table.reference),
                _count_shown(counts.total, raw.total),
                _count_shown(counts.favourable, raw.favourable),
                _count_shown(counts.not_favourable, raw.total - raw.favourable),
                rate,
                _ratio_cell(display.impact_ratio),
                Cell(flag, _("yes") if flag else (_("no") if flag is False else "–")),
                Cell(
                    None if display.fisher_p is None else round(display.fisher_p, 4),
                    "–" if display.fisher_p is None else f"{display.fisher_p:.3f}",
                ),
            )
        )
    totals = shown.totals
    everyone = sum(row.total for row in table.rows)
    favoured = sum(row.favourable for row in table.rows)
    rows.append(
        (
            text_cell(_("All")),
            text_cell(""),
            _count_shown(totals.total, everyone),
            _count_shown(totals.favourable, favoured),
            _count_shown(totals.not_favourable, everyone - favoured),
            share_cell(favoured, everyone) if None not in (totals.total, totals.favourable)
            else Cell(None, "–"),
            Cell(None, "–"),
            Cell(None, "–"),
            Cell(None, "–"),
        )
    )  # fmt: skip
    return rows


def _notes(shown: ShownImpactTable) -> tuple[str, ...]:
    notes = [_("Fisher exact p beside each ratio: with small groups a low ratio may be chance.")]
    if shown.ratios_withheld:
        notes.append(
            _(
                "The highest-rate group has a withheld count, so no impact ratio is shown: "
                "each would give its rate back."
            )
        )  # fmt: skip
    return tuple(notes)


def _scoring_table(
    flt: ReportFilter, fields: Sequence[str], exclusion: SmallGroupExclusion
) -> ReportTable:
    scores = flt.facts(ScoreFact).values_list(*fields, "score").annotate(n=Sum("count")).order_by()
    by_score: list[tuple[Codes, float, int]] = [
        (tuple(row[:-2]), float(row[-2]), row[-1] or 0) for row in scores
    ]
    title = _("AI overall score: scoring rate (NYC Local Law 144)")
    sample_median = percentile_of_counts([(score, n) for _c, score, n in by_score], 0.5)
    if sample_median is None:
        return ReportTable(
            "scoring", title, _columns(True), (), empty_text=_("No AI scores in this period.")
        )
    counts: dict[Codes, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for codes, score, n in by_score:
        total, above = counts[codes]
        counts[codes] = (total + n, above + (n if score > sample_median else 0))
    table, shown, ordered = _impact(counts, fields, exclusion, Measure.SCORING_RATE, sample_median)
    return ReportTable(
        key="scoring",
        title=title,
        columns=_columns(True),
        rows=_rows(table, shown, ordered),
        chart=ChartSpec("bar", x="group", series=("rate",), percent=True),
        notes=(
            _(
                "Median of every score in the selection: %(median).2f; a score equal to it is"
                " not above it."
            )
            % {"median": sample_median},
            *_notes(shown),
        ),
    )


def _selection_tables(
    flt: ReportFilter, fields: Sequence[str], exclusion: SmallGroupExclusion
) -> list[ReportTable]:
    facts = (
        flt.facts(FairnessFact)
        .values_list("stage_kind", "rule_version", *fields)
        .annotate(decided=Sum("decided"), selected=Sum("selected"))
        .order_by()
    )
    by_stage: dict[tuple[str, str], dict[Codes, tuple[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: (0, 0))
    )
    for row in facts:
        stage, rule, codes = row[0], row[1], tuple(row[2:-2])
        decided, selected = by_stage[(stage, rule)][codes]
        by_stage[(stage, rule)][codes] = (decided + (row[-2] or 0), selected + (row[-1] or 0))
    tables = []
    for (stage, rule), counts in sorted(
        by_stage.items(), key=lambda item: (stage_order(item[0][0]), item[0][1])
    ):
        if stage == "hired" or not any(total for total, _s in counts.values()):
            continue
        table, shown, ordered = _impact(counts, fields, exclusion, Measure.SELECTION_RATE)
        title = _("Selection at %(stage)s") % {"stage": stage_label(stage)}
        if rule:
            title = _("Selection at %(stage)s, rule %(rule)s") % {
                "stage": stage_label(stage),
                "rule": rule,
            }
        tables.append(
            ReportTable(
                key=_table_key(stage, rule),
                title=title,
                columns=_columns(False),
                rows=_rows(table, shown, ordered),
                chart=ChartSpec("bar", x="group", series=("rate",), percent=True),
                notes=_notes(shown),
            )
        )
    return tables


def _table_key(stage: str, rule: str) -> str:
    return f"selection_{stage}_{rule}".replace(" ", "_") if rule else f"selection_{stage}"


def fairness_flags(tables: Iterable[ReportTable]) -> list[str]:
    """Titles of the tables with a group under four-fifths (for digests and tests)."""
    return [t.title for t in tables if any(row[FLAG].value is True for row in t.rows)]


SPEC = ReportSpec(
    key="fairness",
    title=gettext_lazy("Fairness audit"),
    summary=gettext_lazy(
        "Selection rates and impact ratios per self-identification group at each stage and "
        "rule version (four-fifths rule); AI scoring rates as in NYC Local Law 144."
    ),
    permission=VIEW_FAIRNESS,
    build=fairness_report,
    pdf=True,
    order=60,
)
