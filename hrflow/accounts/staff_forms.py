"""Forms of HR's account pages; the services judge the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role


class StaffInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=User.Language.choices)


class StaffAccountForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("An account without a role can sign in but opens no page."),
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("account", "Can sign in"),
        required=False,
        help_text=_("Untick to deactivate the account; its history stays."),
    )
