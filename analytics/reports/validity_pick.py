"""Which predictor and outcome the calibration view and the cohort tables show.

An unknown value is a form error shown on the page; the defaults (overall score
against the first review rating) are shown instead, never a server error.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.reports.validity_words import OVERALL, REVIEW, Names


class ValidityPickForm(forms.Form):
    predictor = forms.ChoiceField(label=_("AI score"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)

    def __init__(
        self, data: dict[str, str], *, predictors: list[str], outcomes: list[str], names: Names
    ) -> None:
        super().__init__(
            {key: data[key] for key in ("predictor", "outcome") if data.get(key)} or None
        )
        cast(forms.ChoiceField, self.fields["predictor"]).choices = [
            (code, names.predictor(code)) for code in _with(OVERALL, predictors)
        ]
        cast(forms.ChoiceField, self.fields["outcome"]).choices = [
            (code, names.outcome(code).name) for code in _with(REVIEW, outcomes)
        ]
        self.fields["predictor"].initial = OVERALL
        self.fields["outcome"].initial = REVIEW


def _with(default: str, codes: list[str]) -> list[str]:
    return [default, *(code for code in codes if code != default)]


def picked(form: ValidityPickForm) -> tuple[str, str]:
    """The predictor and outcome asked for, or the defaults on an error."""
    if not form.is_bound or not form.is_valid():
        return OVERALL, REVIEW
    data: dict[str, Any] = form.cleaned_data
    return data.get("predictor") or OVERALL, data.get("outcome") or REVIEW
