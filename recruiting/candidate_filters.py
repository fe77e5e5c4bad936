"""The candidate list's filter form: every id it accepts is one the viewer may see.

A job or stage outside the viewer's scope is refused like one that does not exist
("Select a valid choice"), and the list is then shown without that filter: the total
never counts what the viewer could not see.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped
from hrflow.core.params import parse_id
from recruiting.models import Job, Stage
from recruiting.selectors.candidate_list import CandidateFilters
from recruiting.sources import SOURCE_LABELS

SEARCH_MAX = 200
# Dates a filter may name: outside them no application exists, and the far end
# (9999-12-31) cannot even be followed by a next day.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class CandidateFilterForm(forms.Form):
    # Not refused when long: the list's partial (htmx, as one types) has no place for a
    # form error, so an overlong search is cut, as the search always did.
    q = forms.CharField(label=_("Search"), required=False)
    job = forms.ModelChoiceField(
        label=_("Job"), queryset=Job.objects.none(), required=False, empty_label=_("All jobs")
    )
    stage = forms.ModelChoiceField(
        label=_("Stage"), queryset=Stage.objects.none(), required=False, empty_label=_("All stages")
    )
    source = forms.ChoiceField(label=_("Source"), required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)
    applied_from = forms.DateField(label=_("Applied from"), required=False)
    applied_to = forms.DateField(label=_("Applied until"), required=False)

    def __init__(self, data: Any, *, viewer: User) -> None:
        super().__init__(data)
        jobs = scoped(Job.objects.all(), viewer).order_by("title", "pk")
        self.fields["job"].queryset = jobs  # type: ignore[attr-defined]
        # Stages are a job's own: offered once a job is chosen, and only that job's.
        job_id = parse_id(self.data.get("job"))
        stages = scoped(Stage.objects.all(), viewer).select_related("job")
        self.fields["stage"].queryset = stages  # type: ignore[attr-defined]
        self.stage_choices = stages.filter(job_id=job_id).order_by("position") if job_id else []
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            ("", _("All sources")),
            *((code, label) for code, label in SOURCE_LABELS.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        job, stage = data.get("job"), data.get("stage")
        if stage is not None and job is not None and stage.job_id != job.pk:
            self.add_error("stage", _("That stage belongs to another job."))
        start, end = data.get("applied_from"), data.get("applied_to")
        for name, day in (("applied_from", start), ("applied_to", end)):
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Enter a date between 2000 and 2100."))
        if start and end and start > end:
            self.add_error("applied_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> CandidateFilters:
        """What to filter by: the valid fields only (an invalid one filters nothing)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return CandidateFilters(
            q=" ".join((data.get("q") or "").split())[:SEARCH_MAX],
            tag=data.get("tag") or "",
            job=data.get("job"),
            stage=data.get("stage"),
            source=data.get("source") or "",
            applied_from=data.get("applied_from"),
            applied_to=data.get("applied_to"),
        )
