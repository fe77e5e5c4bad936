"""The portal's satisfaction survey form: a 1-5 rating and an optional comment.

The form checks shape only; whether the survey is due, and answering once, are
the service's rules (recruiting.services.surveys).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from recruiting.services.surveys import COMMENT_MAX

RATING_WORDS = (
    (1, _("Very poor")),
    (2, _("Poor")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Excellent")),
)


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it, from 1 (very poor) to 5 (excellent)?"),
        choices=RATING_WORDS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
