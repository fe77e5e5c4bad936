"""Contract forms: they check the shape of what HR typed; the service checks the law."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models import Contract

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_INPUT = "%Y-%m-%d"


def date_field(
    label: "StrOrPromise", *, required: bool = True, help_text: "StrOrPromise" = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT),
    )


class ContractTermsForm(forms.Form):
    """What a renewal and a first contract share: the type, the term, the signing."""

    kind = forms.ChoiceField(label=_("Type"), choices=Contract.Kind.choices)
    ends_on = date_field(
        _("Last day"), required=False, help_text=_("Empty for an open-ended contract.")
    )
    task_description = forms.CharField(
        label=_("Task"),
        max_length=255,
        required=False,
        help_text=_("Only for a contract that lasts until a task is completed."),
    )
    signed_on = date_field(
        _("Signed on"), required=False, help_text=_("Leave empty until both sides have signed.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ContractCreateForm(ContractTermsForm):
    employee = forms.CharField(
        label=_("Employee number"), max_length=20, help_text=_("For example E000123.")
    )
    starts_on = date_field(_("First day"))
    probation_months = forms.IntegerField(
        label=_("Probation (months)"),
        min_value=0,
        max_value=24,
        initial=0,
        required=False,
        help_text=_("The longest allowed depends on the term (Labour Contract Law art. 19)."),
    )

    field_order = [
        "employee", "kind", "starts_on", "ends_on", "probation_months",
        "task_description", "signed_on", "note",
    ]  # fmt: skip


class ContractSignForm(forms.Form):
    signed_on = date_field(_("Signed on"))


class ContractEndForm(forms.Form):
    ended_on = date_field(_("Last day"))
    reason = forms.CharField(
        label=pgettext_lazy("ending", "Reason"),
        max_length=255,
        required=False,
        help_text=_("Needed when the contract ends before its term."),
    )


class ContractFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(
        required=False, choices=[("", _("All statuses")), *Contract.Status.choices]
    )
    kind = forms.ChoiceField(required=False, choices=[("", _("All types")), *Contract.Kind.choices])
