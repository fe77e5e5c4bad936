"""Time to hire between two milestones the user picks (as in Lever): the choice, checked,
and its figures from the duration facts by the day the end milestone happened."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.db.models import Sum
from django.db.models.functions import Trunc
from django.utils.translation import gettext_lazy as _

from analytics.facts.journeys import MILESTONES
from analytics.models import DurationFact
from analytics.reports.filters import ReportFilter

DEFAULT_START, DEFAULT_END = "applied", "offer_accepted"
MILESTONE_LABELS = {
    "applied": _("Applied"),
    "ai_result": _("AI result arrived"),
    "interview": _("Entered the interview stage"),
    "offer_sent": _("Offer sent"),
    "offer_accepted": _("Offer accepted"),
    "hired": _("Hired"),
}
CHOICES = [(name, MILESTONE_LABELS[name]) for name in MILESTONES]


class TimeToHireForm(forms.Form):
    tth_start = forms.ChoiceField(label=_("Time to hire from"), choices=CHOICES, required=False)
    tth_end = forms.ChoiceField(label=_("Time to hire to"), choices=CHOICES, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("tth_start") or DEFAULT_START
        end = data.get("tth_end") or DEFAULT_END
        if MILESTONES.index(end) <= MILESTONES.index(start):
            self.add_error("tth_end", _("The end of the time to hire must come after its start."))
        return data


@dataclass(frozen=True)
class TimeToHireChoice:
    start: str
    end: str
    form: TimeToHireForm

    @property
    def metric(self) -> str:
        return f"ttf:{self.start}>{self.end}"

    @property
    def label(self) -> str:
        return f"{MILESTONE_LABELS[self.start]} → {MILESTONE_LABELS[self.end]}"

    def fields(self) -> list[dict[str, Any]]:
        """The two choices as the report page draws them (report.extra["param_fields"])."""
        choices = [(name, str(label)) for name, label in CHOICES]
        return [
            {"name": name, "label": str(field.label), "choices": choices, "value": value}
            for (name, field), value in zip(
                self.form.fields.items(), (self.start, self.end), strict=True
            )
        ]

    def errors(self) -> list[str]:
        """The form's errors as the page shows them, with what is shown instead."""
        if not self.form.is_bound or not self.form.errors:
            return []
        found = [str(error) for errors in self.form.errors.values() for error in errors]
        return [*found, str(_("Showing applied → offer accepted instead."))]


def time_to_hire_choice(params: dict[str, str]) -> TimeToHireChoice:
    """The milestones asked for; the default (applied → offer accepted) when none are
    asked for or the choice is wrong (the form then carries the error to show)."""
    asked = {name: params[name] for name in ("tth_start", "tth_end") if name in params}
    form = TimeToHireForm(
        asked or None, initial={"tth_start": DEFAULT_START, "tth_end": DEFAULT_END}
    )
    if not asked or not form.is_valid():
        return TimeToHireChoice(DEFAULT_START, DEFAULT_END, form)
    clean = form.cleaned_data
    return TimeToHireChoice(
        clean["tth_start"] or DEFAULT_START, clean["tth_end"] or DEFAULT_END, form
    )


def minutes_by_period(flt: ReportFilter, metric: str) -> dict[date, list[tuple[int, int]]]:
    """(minutes, how many) of a metric per trend period, by the day its end happened."""
    rows = (
        flt.facts(DurationFact, "end_day")
        .filter(metric=metric)
        .annotate(period=Trunc("end_day", flt.grain))
        .values_list("period", "minutes")
        .annotate(n=Sum("count"))
        .order_by()
    )
    found: dict[date, list[tuple[int, int]]] = {}
    for period, minutes, n in rows:
        found.setdefault(period, []).append((minutes, n))
    return found
