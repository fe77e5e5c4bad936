from django import forms
from django.utils.translation import gettext_lazy as _


class SuggestionDecisionForm(forms.Form):
    """Confirm a value read from a resume (as read, or as edited), or dismiss it."""

    action = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("dismiss", _("Dismiss"))])
    value = forms.CharField(label=_("Value"), required=False, max_length=200, strip=True)
