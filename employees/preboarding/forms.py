"""The pre-boarding forms: shape only (the services check the rules).

What is never asked here, on purpose: marriage, pregnancy, childbearing (asking is
unlawful discrimination in China) and health (its own consent, not this form).
tests/employees/test_preboarding.py checks every form in this module for it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, EmployeeDocument
from employees.services.preboarding import UPLOAD_KINDS
from hrflow.core.upload_checks import ACCEPT


class DetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Employee.Sex.choices)
    address = forms.CharField(label=_("Home address"), max_length=255)
    personal_email = forms.EmailField(label=_("Personal e-mail"), required=False)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class IdentityForm(forms.Form):
    document_type = forms.ChoiceField(label=_("ID document"), choices=Employee.IdDocument.choices)
    # Never pre-filled: the page shows only the last four characters already stored.
    number = forms.CharField(
        label=_("Document number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class BankForm(forms.Form):
    bank = forms.CharField(label=_("Bank"), max_length=100)
    branch = forms.CharField(label=_("Branch"), max_length=100, required=False)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class EmergencyForm(forms.Form):
    name_1 = forms.CharField(label=_("Name"), max_length=100)
    relation_1 = forms.CharField(label=_("Relation"), max_length=40, required=False)
    phone_1 = forms.CharField(
        label=_("Phone"), max_length=32, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    name_2 = forms.CharField(label=_("Name"), max_length=100, required=False)
    relation_2 = forms.CharField(label=_("Relation"), max_length=40, required=False)
    phone_2 = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    def contacts(self) -> list[dict[str, str]]:
        return [
            {
                "name": self.cleaned_data.get(f"name_{n}", ""),
                "relation": self.cleaned_data.get(f"relation_{n}", ""),
                "phone": self.cleaned_data.get(f"phone_{n}", ""),
            }
            for n in (1, 2)
        ]


class ServiceForm(forms.Form):
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=50, initial=0)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, initial=0)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=[(kind, EmployeeDocument.Kind(kind).label) for kind in UPLOAD_KINDS],
    )
    file = forms.FileField(
        label=_("File (PDF, JPG or PNG)"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )


PREBOARDING_FORMS = (DetailsForm, IdentityForm, BankForm, EmergencyForm, ServiceForm, UploadForm)
