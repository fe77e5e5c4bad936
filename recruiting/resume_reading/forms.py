from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SuggestionDecisionForm(forms.Form):
    """Confirm a value read from a resume (as read, or as edited), or dismiss it."""

    action = forms.ChoiceField(
        choices=[
            ("confirm", pgettext_lazy("a value read from a resume", "Confirm")),
            ("dismiss", pgettext_lazy("a value read from a resume", "Dismiss")),
        ]
    )
    value = forms.CharField(label=_("Value"), required=False, max_length=200, strip=True)
