"""Forms of HR's competency pages: they check shape; the services judge the rules."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hrflow.competencies.models import COMPETENCY_LEVELS_MAX, Competency, Dimension

LEVEL_CHOICES = [(number, str(number)) for number in range(1, COMPETENCY_LEVELS_MAX + 1)]


class CompetencyForm(forms.Form):
    """One competency of the catalogue; its code is asked only when it is added."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits and dashes; unique. It cannot be changed later."),
    )
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=80)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # A list of the levels, not a number box: "٣" or "²" is no choice.
    levels = forms.TypedChoiceField(
        label=_("Levels"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=5,
        help_text=_("How many proficiency levels it is rated on (1 to the number chosen)."),
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("in use", "Active"), required=False, initial=True
    )

    def __init__(self, *args: Any, competency: Competency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if competency is None:
            del self.fields["is_active"]
        else:
            del self.fields["code"]


def _competency_label(competency: Competency) -> str:
    label = f"{competency} ({competency.code})"
    if competency.is_active:
        return label
    return gettext("%(competency)s (inactive)") % {"competency": label}


class DimensionMapForm(forms.Form):
    """One list per AI dimension: the competency its scores count towards, or none.

    The field of a dimension is named by its code. It offers the active competencies
    and the one the dimension counts towards now, even if that one was retired since.
    A dimension the request does not name is left as it is (one added since the page
    was drawn is not unmapped by its save).
    """

    def __init__(
        self,
        *args: Any,
        dimensions: Iterable[Dimension],
        competencies: Iterable[Competency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offered = list(competencies)
        for dimension in dimensions:
            current = _mapped_competency(dimension)
            listed = offered if current is None or current in offered else [*offered, current]
            self.fields[dimension.code] = forms.TypedChoiceField(
                label=f"{dimension} ({dimension.code})",
                choices=[("", _("(no competency)"))]
                + [(competency.pk, _competency_label(competency)) for competency in listed],
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.pk if current else "",
            )

    def submitted_choices(self) -> dict[str, int | None]:
        """The competency chosen for each dimension the request named."""
        return {code: value for code, value in self.cleaned_data.items() if code in self.data}


def _mapped_competency(dimension: Dimension) -> Competency | None:
    mapping = getattr(dimension, "competency_mapping", None)
    return mapping.competency if mapping is not None else None
