"""The payroll run pages' forms: compute a group's month, approve a run."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import PayGroup
from employees.pay.selectors import pay_groups_for
from hrflow.accounts.models import User

# The years a run may be for: a typo (20260) is refused before the service reads rules.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class MonthField(forms.CharField):
    """A month as the browser's month input sends it: YYYY-MM, cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-07"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=7, **kwargs)

    def clean(self, value: Any) -> date:  # type: ignore[override]
        text = super().clean(value)
        year, _dash, month = text.partition("-")
        digits = f"{year}{month}"
        if (
            len(year) == 4
            and len(month) == 2
            and digits.isascii()
            and digits.isdigit()
            and 1 <= int(month) <= 12
            and FIRST_YEAR <= int(year) <= LAST_YEAR
        ):
            return date(int(year), int(month), 1)
        raise forms.ValidationError(_("Give a month as YYYY-MM."), code="month")


class RunComputeForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Pay group"), queryset=PayGroup.objects.none())
    month = MonthField(label=_("Month"))

    def __init__(self, *args: Any, viewer: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the groups the viewer may run: an id of any other is "not one of the choices".
        self.fields["group"].queryset = pay_groups_for(viewer)  # type: ignore[attr-defined]


class RunApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have reviewed the figures. Lock this run and send the payslips."),
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )
