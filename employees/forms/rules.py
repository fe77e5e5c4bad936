"""The form HR admins add a dated row of a legal rule with."""

import json
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.forms.contracts import date_field


def _no_constants(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON, and no limit is either


class LegalRuleForm(forms.Form):
    code = forms.ChoiceField(label=_("Rule"))
    region = forms.CharField(
        label=_("Region"),
        max_length=40,
        required=False,
        help_text=_("Empty for the whole country, else the province or city."),
    )
    effective_from = date_field(_("In force from"))
    value = forms.CharField(
        label=_("Value"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("In the same form as the current value (JSON)."),
    )
    source_title = forms.CharField(label=_("Source"), max_length=255)
    source_url = forms.URLField(
        label=_("Source link"), max_length=500, required=False, assume_scheme="https"
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["code"]).choices = [(code, code) for code in codes]

    def clean_value(self) -> Any:
        try:
            return json.loads(self.cleaned_data["value"], parse_constant=_no_constants)
        except (ValueError, RecursionError) as error:
            raise forms.ValidationError(_("This is not a valid JSON value.")) from error
