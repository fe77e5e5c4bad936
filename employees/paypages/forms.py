"""Forms of the pay pages: they check shape; the services (employees.pay.setup,
employees.pay.salaries) check the rules and say what is wrong."""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from employees.forms.contracts import date_field
from employees.models import PayComponent, PayGroup
from employees.pay.bank_file_columns import (
    BANK_FILE_COLUMNS,
    BANK_FILE_DEFAULT,
    bank_file_column_choices,
)
from employees.pay.earnings import FORMULA_FIGURES
from employees.pay.formulas.vocabulary import FUNCTION_USAGE, MOST_CHARS
from hrflow.core.form_fields import IdChoiceField

NONE: list[tuple[str, str | Promise]] = [("", "—")]
# The item fields of the salary form are named after the component: items.<code>.
ITEM_PREFIX = "items."


class PayGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    cut_off_day = forms.IntegerField(
        label=_("Cut-off day"),
        min_value=1,
        max_value=31,
        initial=31,
        help_text=_(
            "Attendance up to this day counts in the month's run; 31 means the last day of "
            "the month."
        ),
    )
    pay_day = forms.IntegerField(label=_("Pay day"), min_value=1, max_value=31, initial=10)
    proration = forms.ChoiceField(
        label=_("Joiners and leavers paid by"),
        choices=PayGroup.Proration.choices,
        initial=PayGroup.Proration.WORKING_DAYS,
    )
    work_injury_rate = forms.DecimalField(
        label=_("Work-injury insurance rate"),
        help_text=_("As a decimal: 0.005 is 0.5 %. The run checks it against the city's range."),
        max_digits=6,
        decimal_places=4,
    )
    housing_fund_rate = forms.DecimalField(
        label=_("Housing fund rate"),
        help_text=_("As a decimal: 0.07 is 7 %. The run checks it against the city's range."),
        max_digits=6,
        decimal_places=4,
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, group: PayGroup | None = None, **kwargs: Any) -> None:
        if group is not None:
            kwargs.setdefault("initial", _group_initial(group))
        super().__init__(*args, **kwargs)
        columns = list(group.bank_file_columns) if group is not None else list(BANK_FILE_DEFAULT)
        for place in range(len(BANK_FILE_COLUMNS)):
            self.fields[f"column_{place + 1}"] = forms.ChoiceField(
                label=_("Column %(number)s") % {"number": place + 1},
                choices=NONE + bank_file_column_choices(),
                required=False,
                initial=columns[place] if place < len(columns) else "",
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{place + 1}"] for place in range(len(BANK_FILE_COLUMNS))]

    def group_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        columns = [data[f"column_{place + 1}"] for place in range(len(BANK_FILE_COLUMNS))]
        return {
            "name": data["name"],
            "cut_off_day": data["cut_off_day"],
            "pay_day": data["pay_day"],
            "proration": data["proration"],
            "work_injury_rate": data["work_injury_rate"],
            "housing_fund_rate": data["housing_fund_rate"],
            "bank_file_columns": [column for column in columns if column],
            "active": data["active"],
        }


def _group_initial(group: PayGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "cut_off_day": group.cut_off_day,
        "pay_day": group.pay_day,
        "proration": group.proration,
        "work_injury_rate": group.work_injury_rate,
        "housing_fund_rate": group.housing_fund_rate,
        "active": group.active,
    }


class PayComponentForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and _; formulas name the component by it."),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=PayComponent.Kind.choices)
    calculation = forms.ChoiceField(
        label=_("Calculation"), choices=PayComponent.Calculation.choices
    )
    formula = forms.CharField(
        label=_("Formula"),
        max_length=MOST_CHARS,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    taxable = forms.BooleanField(
        label=_("Before tax"),
        required=False,
        initial=True,
        help_text=_(
            "An earning: taxable income. A deduction: taken off before tax (otherwise after)."
        ),
    )
    position = forms.IntegerField(
        label=_("Position on the payslip"), min_value=0, max_value=32_767, initial=0
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    FIELDS = ("code", "name", "kind", "calculation", "formula", "taxable", "position", "active")

    def __init__(self, *args: Any, component: PayComponent | None = None, **kwargs: Any) -> None:
        if component is not None:
            kwargs.setdefault("initial", {name: getattr(component, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["formula"].help_text = _(
            "Only for the calculation Formula. It may read %(figures)s, the other components' "
            "codes, and %(functions)s."
        ) % {
            "figures": ", ".join(FORMULA_FIGURES),
            "functions": ", ".join(FUNCTION_USAGE.values()),
        }

    def component_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


UNITS = {
    PayComponent.Calculation.FIXED: _("a month"),
    PayComponent.Calculation.PER_DAY_WORKED: _("per day worked"),
    PayComponent.Calculation.PER_OVERTIME_HOUR: _("per hour of overtime"),
}


class SalaryChangeForm(forms.Form):
    valid_from = date_field(_("From"))
    pay_group = IdChoiceField(label=_("Pay group"), queryset=PayGroup.objects.none())
    base_monthly = forms.DecimalField(
        label=_("Base salary a month"), min_value=0, max_digits=12, decimal_places=2
    )
    insurance_base = forms.DecimalField(
        label=_("Declared insurance base"),
        required=False,
        min_value=Decimal("0.01"),
        help_text=_("Empty: the base salary (the city's floor and cap still apply)."),
        max_digits=12,
        decimal_places=2,
    )
    local_hukou = forms.BooleanField(
        label=_("Local household registration"), required=False, initial=True
    )
    tax_resident = forms.BooleanField(
        label=_("Tax resident of China"), required=False, initial=True
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[PayGroup],
        components: list[PayComponent],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pay_group"].queryset = groups  # type: ignore[attr-defined]
        self.components = components
        for component in components:
            self.fields[f"{ITEM_PREFIX}{component.code}"] = forms.DecimalField(
                label=f"{component.name} ({UNITS[component.calculation]})",  # type: ignore[index]
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"{ITEM_PREFIX}{component.code}"] for component in self.components]

    def items(self) -> dict[str, Decimal]:
        """The amounts typed, by component code (an empty field is no item)."""
        found = {}
        for component in self.components:
            amount = self.cleaned_data.get(f"{ITEM_PREFIX}{component.code}")
            if amount is not None:
                found[component.code] = amount
        return found


class SalaryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or number"), required=False, max_length=100)
    left = forms.BooleanField(label=_("Include people who have left"), required=False)

    def filters(self) -> tuple[str, bool]:
        """The valid part of the filters; a bad value is dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return (data.get("q") or "").strip(), bool(data.get("left"))
