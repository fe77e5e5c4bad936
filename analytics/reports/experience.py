"""Candidate experience: how candidates rated the process (the portal's 1-5 survey), how
many answered, and how long they waited after the AI interview to hear anything.

No group of fewer than 5 answers shows a mean or a distribution, and no such group can
be worked out from a total shown beside it (analytics.reports.masking). Comments are
personal data and not in the facts: HR admins read the latest ones straight from
recruiting, only when the selection holds at least 5 answers; recruiters see the
figures only.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.drilldown.predicates import drill_test_register
from analytics.facts.counting import feedback_band
from analytics.facts.journeys import Journey
from analytics.facts.refresh import facts_state
from analytics.models import SurveyFact
from analytics.reports.common import (
    count_cell,
    drill_applications,
    duration_counts,
    duration_summary,
    period_label,
    share_cell,
    text_cell,
)
from analytics.reports.feedback_times import (
    BAND_LABELS,
    FEEDBACK_METRIC,
    feedback_times_table,
)
from analytics.reports.filters import ReportFilter
from analytics.reports.labels import SURVEY_MOMENTS, filter_labels, job_titles, stage_label
from analytics.reports.masking import masked_rows
from analytics.reports.registry import VIEW_REPORTS, ReportSpec
from analytics.reports.shapes import Cell, ChartSpec, Column, Report, ReportTable
from analytics.stats.small_cells import MIN_SHOWN_COUNT
from recruiting.selectors.reporting import survey_comments

AFTER_AI = "after_ai_interview"
COMMENTS_SHOWN = 50
RATINGS = (1, 2, 3, 4, 5)


@dataclass
class Answers:
    """A group's surveys: due (answered or not), answered, and the ratings given."""

    due: int = 0
    ratings: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @property
    def answered(self) -> int:
        return sum(self.ratings.values())

    @property
    def mean(self) -> float | None:
        n = self.answered
        return sum(r * c for r, c in self.ratings.items()) / n if n else None

    def add(self, rating: int, count: int) -> None:
        self.due += count
        if rating in self.ratings:
            self.ratings[rating] += count


def _grouped(rows: Any, group: str, key: Callable[[Any], Any] = lambda v: v) -> dict[Any, Answers]:
    found: dict[Any, Answers] = defaultdict(Answers)
    sums = rows.values(group, "rating").annotate(n=Sum("count")).order_by()
    for row in sums:
        found[key(row[group])].add(row["rating"], row["n"] or 0)
    return found


def masked_cell(small: bool) -> Cell:
    if small:
        return Cell(None, _("fewer than 5 answers"), masked=True)
    return Cell(None, _("withheld so that a smaller group cannot be worked out"), masked=True)


def mean_cell(value: float | None) -> Cell:
    if value is None:
        return Cell(None, "–")
    return Cell(round(value, 2), f"{value:.2f}")


def experience_report(flt: ReportFilter, params: dict[str, str]) -> Report:
    surveys = flt.facts(SurveyFact)
    by_moment = _grouped(surveys, "moment")
    overall = Answers()
    for answers in by_moment.values():
        overall.due += answers.due
        for rating, count in answers.ratings.items():
            overall.ratings[rating] += count
    names = job_titles()
    tables = (
        _moments(flt, by_moment, overall),
        _answers_by(
            flt, _grouped(surveys, "job_id"), _("Job"), _("Ratings by job"), "by_job",
            label=lambda job: names.get(job, str(job)), drill_key="job",
        ),
        _answers_by(
            flt, _grouped(surveys, "furthest_kind"), _("Furthest stage reached"),
            _("Ratings by the furthest stage reached"), "by_stage", label=stage_label,
            drill_key="furthest",
        ),
        _answers_by(
            flt, _grouped(surveys, "outcome"), _("Application status"),
            _("Ratings by how the application stands"), "by_outcome", label=_outcome_label,
            drill_key="outcome",
        ),
        _trend(flt),
        _distribution(overall),
        feedback_times_table(flt),
        _feedback_bands(flt, surveys.filter(moment=AFTER_AI)),
    )  # fmt: skip
    comments = _comments(flt)
    return Report(
        key="experience",
        title=_("Candidate experience"),
        as_of=facts_state().watermark,
        period_start=flt.start,
        period_end=flt.end,
        filters=filter_labels(flt),
        headline=_headline(flt, overall),
        tables=(*tables, comments) if comments is not None else tables,
        method=(
            _(
                "Surveys are counted for the applications that applied in the period; the "
                "trend counts answers by the week they were given."
            ),
            _(
                "A survey is due after an AI interview was completed and after the final "
                "decision (hired or rejected); response rate = answers / surveys due."
            ),
            _("Ratings run from 1 (poor) to 5 (very good); the mean is over the answers given."),
            _(
                "No group of fewer than 5 answers shows a mean or a distribution; where a "
                "total is shown, further groups are withheld so that no small group can be "
                "worked out by subtraction."
            ),
            _(
                "Time to first feedback: from the AI interview's result to the next move of "
                "the application (on, or a rejection), which the candidate is told of."
            ),
            _(
                "Comments are personal data: they are not kept in the report's figures, are "
                "listed only for HR admins, never with the candidate's name, and only when "
                "the selection holds at least 5 answers."
            ),
        ),
    )  # fmt: skip


def _outcome_label(code: str) -> str:
    labels = {
        "active": _("In process"),
        "hired": _("Hired"),
        "rejected": _("Rejected"),
        "withdrawn": _("Withdrawn"),
    }
    return labels.get(code, code)


def _headline(flt: ReportFilter, overall: Answers) -> tuple[str, ...]:
    if not overall.due:
        return (_("No survey was due for the applications of this period."),)
    lines = [
        _("%(n)s answers to %(due)s surveys due (%(rate).0f %% responded).")
        % {
            "n": f"{overall.answered:,}",
            "due": f"{overall.due:,}",
            "rate": 100 * overall.answered / overall.due,
        }
    ]
    if overall.answered >= MIN_SHOWN_COUNT and overall.mean is not None:
        lines.append(_("Mean rating: %(mean).2f of 5.") % {"mean": overall.mean})
    n, median, _p90 = duration_summary(duration_counts(flt, FEEDBACK_METRIC))
    if median is not None:
        lines.append(
            _("After the AI interview, candidates heard back in %(days).1f days (median, %(n)s).")
            % {"days": median / 1440, "n": f"{n:,}"}
        )
    return tuple(lines)


def _moments(flt: ReportFilter, by_moment: dict[str, Answers], overall: Answers) -> ReportTable:
    moments = [m for m in SURVEY_MOMENTS if m in by_moment]
    hidden = masked_rows([by_moment[m].answered for m in moments])
    rows: list[tuple[Cell, ...]] = []
    for index, moment in enumerate(moments):
        answers = by_moment[moment]
        label = text_cell(str(SURVEY_MOMENTS[moment]))
        if index in hidden:
            masked = masked_cell(answers.answered < MIN_SHOWN_COUNT)
            rows.append((label, count_cell(answers.due), masked, masked, masked))
            continue
        drill = drill_applications(flt, "survey_answered", moment=moment)
        rows.append(
            (
                label,
                count_cell(answers.due),
                count_cell(answers.answered, drill),
                share_cell(answers.answered, answers.due),
                mean_cell(answers.mean),
            )
        )
    if rows:
        rows.append(_total_row(overall, with_due=True))
    return ReportTable(
        key="by_moment",
        title=_("Answers and response rate by moment"),
        columns=(
            Column("moment", _("Moment")),
            Column("due", _("Surveys due"), "int"),
            Column("answered", _("Answers"), "int"),
            Column("response_rate", _("Response rate"), "percent"),
            Column("mean", _("Mean rating"), "number"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="moment", series=("response_rate",), percent=True),
        empty_text=_("No survey was due for the applications of this period."),
    )


def _total_row(overall: Answers, *, with_due: bool) -> tuple[Cell, ...]:
    small = overall.answered < MIN_SHOWN_COUNT
    answered = masked_cell(True) if small else count_cell(overall.answered)
    mean = masked_cell(True) if small else mean_cell(overall.mean)
    if not with_due:
        return (text_cell(_("All")), answered, mean)
    rate = masked_cell(True) if small else share_cell(overall.answered, overall.due)
    return (text_cell(_("All")), count_cell(overall.due), answered, rate, mean)


def _answers_by(
    flt: ReportFilter,
    groups: dict[Any, Answers],
    heading: str,
    title: str,
    key: str,
    *,
    label: Callable[[Any], str],
    drill_key: str,
) -> ReportTable:
    ordered = sorted(
        (value for value in groups if groups[value].answered),
        key=lambda value: (-groups[value].answered, str(value)),
    )
    hidden = masked_rows([groups[value].answered for value in ordered])
    rows: list[tuple[Cell, ...]] = []
    overall = Answers()
    for index, value in enumerate(ordered):
        answers = groups[value]
        for rating, count in answers.ratings.items():
            overall.ratings[rating] += count
        name = text_cell(label(value))
        if index in hidden:
            masked = masked_cell(answers.answered < MIN_SHOWN_COUNT)
            rows.append((name, masked, masked))
            continue
        drill = drill_applications(flt, "survey_answered", **{drill_key: value})
        rows.append((name, count_cell(answers.answered, drill), mean_cell(answers.mean)))
    if rows:
        rows.append(_total_row(overall, with_due=False))
    return ReportTable(
        key=key,
        title=title,
        columns=(
            Column("name", heading),
            Column("answered", _("Answers"), "int"),
            Column("mean", _("Mean rating"), "number"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="name", series=("mean",)) if len(rows) > 2 else None,
        empty_text=_("No answers in this period."),
    )


def _trend(flt: ReportFilter) -> ReportTable:
    by_period: dict[date, Answers] = defaultdict(Answers)
    answered = flt.facts(SurveyFact, "answered_week").filter(rating__gt=0)
    for week, answers in _grouped(answered, "answered_week").items():
        for rating, count in answers.ratings.items():
            by_period[flt.period_of(week)].add(rating, count)
    periods = sorted(by_period)
    hidden = masked_rows([by_period[p].answered for p in periods])
    rows = []
    for index, period in enumerate(periods):
        answers = by_period[period]
        name = text_cell(period_label(flt, period))
        if index in hidden:
            masked = masked_cell(answers.answered < MIN_SHOWN_COUNT)
            rows.append((name, masked, masked))
        else:
            rows.append((name, count_cell(answers.answered), mean_cell(answers.mean)))
    return ReportTable(
        key="trend",
        title=_("Mean rating over time"),
        columns=(
            Column("period", _("Period")),
            Column("answered", _("Answers"), "int"),
            Column("mean", _("Mean rating"), "number"),
        ),
        rows=rows,
        chart=ChartSpec("line", x="period", series=("mean",)),
        notes=(_("By the week the answer was given."),),
        empty_text=_("No answers in this period."),
    )


def _distribution(overall: Answers) -> ReportTable:
    rows: list[tuple[Cell, ...]] = []
    if overall.answered >= MIN_SHOWN_COUNT:
        rows = [
            (
                text_cell(str(rating)),
                count_cell(overall.ratings[rating]),
                share_cell(overall.ratings[rating], overall.answered),
            )
            for rating in RATINGS
        ]
    return ReportTable(
        key="distribution",
        title=_("How the ratings spread"),
        columns=(
            Column("rating", _("Rating")),
            Column("answered", _("Answers"), "int"),
            Column("share", _("Share"), "percent"),
        ),
        rows=rows,
        chart=ChartSpec("bar", x="rating", series=("share",), percent=True),
        empty_text=_("Fewer than 5 answers: the spread is not shown."),
    )


def _feedback_bands(flt: ReportFilter, after_ai: Any) -> ReportTable:
    groups = _grouped(after_ai, "feedback_band")
    return _answers_by(
        flt,
        {band: groups[band] for band in BAND_LABELS if band in groups},
        _("Waited for feedback"),
        _("Rating after the AI interview by the wait for feedback"),
        "by_feedback_band",
        label=lambda band: str(BAND_LABELS.get(band, band)),
        drill_key="feedback_band",
    )


def _comments(flt: ReportFilter) -> ReportTable | None:
    """The latest comments, for HR admins only (a filter with every job in scope)."""
    if flt.visible_jobs is not None:
        return None
    columns = (
        Column("answered_at", _("Answered")),
        Column("moment", _("Moment")),
        Column("job", _("Job")),
        Column("rating", _("Rating"), "int"),
        Column("text", _("Comment")),
    )
    title = _("Latest comments")
    if flt.vendor:
        # Comments cannot be narrowed by vendor: a list for another set of answers
        # than the figures would break the 5-answer rule's promise.
        return ReportTable(
            "comments", title, columns, (), empty_text=_(
                "Comments are not listed when an AI vendor is picked."
            )
        )  # fmt: skip
    tz = timezone.get_current_timezone()
    answered, comments = survey_comments(
        job_ids=None,
        answered_from=datetime.combine(flt.start, time.min, tz),
        answered_before=datetime.combine(flt.end + timedelta(days=1), time.min, tz),
        job_id=flt.job_id,
        department_id=flt.department_id,
        source=flt.source,
        limit=COMMENTS_SHOWN,
        count_at_most=MIN_SHOWN_COUNT,
    )
    if answered < MIN_SHOWN_COUNT:
        return ReportTable(
            "comments", title, columns, (), empty_text=_(
                "Fewer than 5 answers: no comments are listed."
            )
        )  # fmt: skip
    rows = [
        (
            text_cell(timezone.localtime(c.answered_at).strftime("%Y-%m-%d")),
            text_cell(str(SURVEY_MOMENTS.get(c.moment, c.moment))),
            text_cell(c.job_title),
            count_cell(c.rating),
            text_cell(c.text),
        )
        for c in comments
    ]
    return ReportTable(
        "comments",
        title,
        columns,
        rows,
        notes=(
            _(
                "The latest %(n)s comments of the answers given in the period; no names. Only"
                " HR admins see this list."
            )
            % {"n": COMMENTS_SHOWN},
        ),
        empty_text=_("No comments in this period."),
    )


def _survey_answered(journey: Journey, params: dict[str, str], flt: ReportFilter) -> bool:

    moments = {answer.moment for answer in journey.record.answers}
    if "moment" in params and params["moment"] not in moments:
        return False
    if not moments:
        return False
    if "furthest" in params and journey.furthest != params["furthest"]:
        return False
    if "outcome" in params and journey.status != params["outcome"]:
        return False
    if "feedback_band" in params:
        if AFTER_AI not in moments:
            return False
        waited = None
        if journey.ai_result is not None and journey.first_feedback_at is not None:
            seconds = (journey.first_feedback_at - journey.ai_result.received_at).total_seconds()
            waited = max(0, round(seconds / 60))
        return feedback_band(waited) == params["feedback_band"]
    return True


drill_test_register("survey_answered", _survey_answered)


SPEC = ReportSpec(
    key="experience",
    title=gettext_lazy("Candidate experience"),
    summary=gettext_lazy(
        "Survey answers by moment, job, stage reached and outcome; response rate; trends; "
        "time from AI interview to first feedback; comments for HR."
    ),
    permission=VIEW_REPORTS,
    build=experience_report,
    order=40,
)
