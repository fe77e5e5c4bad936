"""The self-service forms of the tax declarations (shape only; the service works out
the amounts from the rule and refuses what the law does not allow)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import TaxDeduction
from employees.pay.forms_runs import MonthField

CITY_TIERS = [
    ("capital_or_designated", _("A municipality, provincial capital or designated city")),
    ("over_1m", _("Another city of over a million residents")),
    ("up_to_1m", _("A city of at most a million residents")),
]
SHARES = [("1", _("All of it")), ("0.5", _("Half, shared with the other parent"))]


class DeclarationForm(forms.Form):
    item = forms.ChoiceField(label=_("Deduction"), choices=TaxDeduction.Item.choices)
    valid_from = MonthField(label=_("From month"))
    children = forms.IntegerField(label=_("Children"), min_value=1, max_value=10, required=False)
    share = forms.ChoiceField(label=_("Your share"), choices=SHARES, required=False)
    only_child = forms.BooleanField(label=_("I am an only child"), required=False)
    elderly_share = forms.DecimalField(
        label=_("Your part a month, shared with siblings"),
        max_digits=8,
        decimal_places=2,
        required=False,
    )
    city_tier = forms.ChoiceField(
        label=_("City where you rent"), choices=[("", "—"), *CITY_TIERS], required=False
    )


class DeclarationEndForm(forms.Form):
    last_month = MonthField(label=_("Last month"))


class FirstJobForm(forms.Form):
    first_job = forms.BooleanField(
        label=_("I had no wage income earlier this year (my first job of the year)"),
        required=False,
    )
