"""Forms of the review pages: they check shape only; the services check the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models import Metric, ReviewerKind, ReviewTemplate, SectionKind, TemplateSection
from employees.models.performance import RATING_MAX, CycleKind
from employees.performance.answers import AnswerInput
from hrflow.core.form_fields import IdChoiceField
from hrflow.org.models import Department

RATINGS = [("", "–"), *((str(n), str(n)) for n in range(1, RATING_MAX + 1))]


def _bands_read(text: str) -> list[list[str]]:
    """ "2:100, 3:60" -> [["2", "100"], ["3", "60"]] (the service checks the numbers)."""
    pairs = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
    bands = []
    for pair in pairs:
        bound, sep, percent = pair.partition(":")
        if not sep:
            raise forms.ValidationError(_("Write each band as bound:percent, e.g. 2:100, 3:60."))
        bands.append([bound.strip(), percent.strip()])
    return bands


def _levels(levels: int) -> list[tuple[str, str]]:
    return [(str(n), str(n)) for n in range(1, levels + 1)]


class CycleOpenForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=CycleKind.choices)
    period_start = forms.DateField(label=_("period from"))
    period_end = forms.DateField(label=_("period to"))
    template = IdChoiceField(
        label=_("template"),
        queryset=ReviewTemplate.objects.filter(is_active=True),
        required=False,
        help_text=_("Empty: each department's template."),
    )
    department = IdChoiceField(
        label=_("department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        help_text=_("Empty: everyone employed."),
    )
    self_review = forms.BooleanField(label=_("self review"), required=False, initial=True)
    peer_review = forms.BooleanField(label=_("peer review"), required=False)
    upward_review = forms.BooleanField(label=_("upward review"), required=False)
    metric = IdChoiceField(
        label=_("KPI metric"),
        queryset=Metric.objects.filter(is_active=True),
        required=False,
        help_text=_("One goal for everyone in the cycle; leave empty for none."),
    )
    target = forms.DecimalField(
        label=pgettext_lazy("KPI goal", "target"), required=False, max_digits=14, decimal_places=4
    )
    bands = forms.CharField(
        label=_("scoring bands"),
        required=False,
        max_length=500,
        help_text=_("bound:percent, e.g. 2:100, 3:60 (safety incidents ≤ 2 full, 3 → 60 %)."),
    )

    def clean_bands(self) -> list[list[str]]:
        return _bands_read(self.cleaned_data["bands"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("metric") and (data.get("target") is None or not data.get("bands")):
            raise forms.ValidationError(_("A KPI goal needs a target and its bands."))
        return data


class AnswersForm(forms.Form):
    """One field per item of the review's template: a rating per competency, a comment
    per section (and the overall rating for the manager)."""

    def __init__(
        self, *args: Any, sections: list[TemplateSection], with_rating: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            if section.kind == SectionKind.COMPETENCIES:
                for competency in section.competencies.all():
                    self.fields[f"r-{section.pk}-{competency.pk}"] = forms.TypedChoiceField(
                        label=str(competency),
                        choices=[
                            ("", "–"),
                            *((str(n), str(n)) for n in range(1, competency.levels + 1)),
                        ],
                        coerce=int,
                        required=False,
                        empty_value=None,
                    )
            self.fields[f"c-{section.pk}"] = forms.CharField(
                label=section.title, widget=forms.Textarea(attrs={"rows": 3}), required=False,
                max_length=5000,
            )  # fmt: skip
        if with_rating:
            self.fields["rating"] = forms.TypedChoiceField(
                label=_("overall rating"), choices=RATINGS[1:], coerce=int
            )

    def answers(self) -> list[AnswerInput]:
        found = []
        for section in self.sections:
            if section.kind == SectionKind.COMPETENCIES:
                for competency in section.competencies.all():
                    rating = self.cleaned_data.get(f"r-{section.pk}-{competency.pk}")
                    if rating is not None:
                        found.append(
                            AnswerInput(
                                section_id=section.pk, competency_id=competency.pk, rating=rating
                            )
                        )
            comment = self.cleaned_data.get(f"c-{section.pk}", "").strip()
            if comment:
                found.append(AnswerInput(section_id=section.pk, comment=comment))
        return found


class CalibrateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("final rating"), choices=RATINGS[1:], coerce=int)
    reason = forms.CharField(label=_("reason"), max_length=500)


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("reviewer's e-mail"))
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(ReviewerKind.PEER, _("Peer")), (ReviewerKind.UPWARD, _("Upward"))],
    )
