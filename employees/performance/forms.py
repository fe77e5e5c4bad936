"""Forms of the review pages: they check shape only; the services check the rules."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from employees.models import Metric, ReviewerKind, ReviewTemplate, SectionKind, TemplateSection
from employees.models.performance import RATING_MAX, CycleKind
from employees.performance.answers import AnswerInput
from employees.performance.templates import SectionInput
from hrflow.competencies.models import Competency
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


# How many section rows the template form offers at least; the company's templates have
# three or four. Editing a template offers one row more than it has sections, so no
# section is ever left off the page (and so deleted on save).
SECTION_ROWS = 6


def _inactive_marked(label: str, active: bool) -> str:
    return label if active else gettext("%(competency)s (inactive)") % {"competency": label}


class _DepartmentField(IdChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _inactive_marked(str(obj), obj.is_active)


class ReviewTemplateForm(forms.Form):
    """A template's name, department and its sections, one row each (at least
    SECTION_ROWS rows, and a spare one past an existing template's sections); an unused
    row (no kind, no title) is left out. The weights' sum and the catalogue are the
    service's. The department and competencies a template names already stay on offer
    (marked inactive) after they are deactivated, so saving keeps them."""

    name = forms.CharField(label=_("name"), max_length=120)
    department = _DepartmentField(
        label=_("department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        help_text=_("Reviews of this department's people use it unless the cycle names one."),
    )

    def __init__(self, *args: Any, template: ReviewTemplate | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = (
            list(template.sections.prefetch_related("competencies")) if template is not None else []
        )
        linked = {c.pk for section in known for c in section.competencies.all()}
        # One query for the catalogue, shared by every row's checkboxes.
        catalogue = [
            (str(c.pk), _inactive_marked(str(c), c.is_active))
            for c in Competency.objects.filter(Q(is_active=True) | Q(pk__in=linked))
        ]
        self.row_count = max(SECTION_ROWS, len(known) + 1)
        if template is not None:
            self.fields["name"].initial = template.name
            self.fields["department"].initial = template.department_id
            if template.department_id is not None:
                department = cast(_DepartmentField, self.fields["department"])
                department.queryset = Department.objects.filter(
                    Q(is_active=True) | Q(pk=template.department_id)
                )
        for row in range(self.row_count):
            section = known[row] if row < len(known) else None
            self.fields[f"kind_{row}"] = forms.ChoiceField(
                label=_("kind"),
                choices=[("", "—"), *SectionKind.choices],
                required=False,
                initial=section.kind if section else "",
            )
            self.fields[f"title_{row}"] = forms.CharField(
                label=pgettext_lazy("template section", "title"),
                max_length=120,
                required=False,
                initial=section.title if section else "",
            )
            self.fields[f"weight_{row}"] = forms.DecimalField(
                label=_("weight (%)"),
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                required=False,
                # Fixed-point: normalize() alone writes 60 as 6E+1.
                initial=format(section.weight.normalize(), "f") if section else None,
            )
            self.fields[f"competencies_{row}"] = forms.TypedMultipleChoiceField(
                label=_("competencies rated"),
                choices=catalogue,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[str(c.pk) for c in section.competencies.all()] if section else [],
            )

    def rows(self) -> list[dict[str, forms.BoundField]]:
        """The section fields row by row, for the template."""
        return [
            {part: self[f"{part}_{row}"] for part in ("kind", "title", "weight", "competencies")}
            for row in range(self.row_count)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sections = []
        for row in range(self.row_count):
            kind = data.get(f"kind_{row}") or ""
            title = (data.get(f"title_{row}") or "").strip()
            weight = data.get(f"weight_{row}")
            competencies = data.get(f"competencies_{row}") or []
            if not kind:
                if title or weight or competencies:
                    self.add_error(f"kind_{row}", _("Choose the kind of this section."))
                continue
            sections.append(
                SectionInput(
                    kind=kind,
                    title=title,
                    # An empty weight is 0 (a comments section's); the service checks the sum.
                    weight=weight if weight is not None else Decimal(0),
                    # Competencies only count in a competencies section.
                    competency_ids=tuple(competencies) if kind == SectionKind.COMPETENCIES else (),
                )
            )
        data["sections"] = sections
        return data
