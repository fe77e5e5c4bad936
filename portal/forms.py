"""Forms of the candidate portal's own pages (sign-in)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you applied with"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
