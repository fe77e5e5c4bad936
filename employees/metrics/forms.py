"""Forms of the metric pages: they check shape; the services judge the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.metrics.checking import value_parse
from employees.models import Metric
from employees.models.metrics import Aggregation, Direction
from hrflow.core.tabular import ACCEPT, MAX_TABLE_BYTES


class MetricForm(forms.Form):
    """One metric of the catalogue; its code is asked only when it is added."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits, dashes and underscores; files and the API name the "
                    "metric by it. It cannot be changed later."),
    )  # fmt: skip
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=80)
    name_en = forms.CharField(label=_("Name (English)"), max_length=80)
    unit = forms.CharField(label=_("Unit"), max_length=20, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    aggregation = forms.ChoiceField(
        label=_("Over a period"),
        choices=Aggregation.choices,
        help_text=_("How a review period's values become the one figure a goal is scored on."),
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("in use", "Active"), required=False, initial=True
    )

    def __init__(self, *args: Any, metric: Metric | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if metric is None:
            del self.fields["is_active"]
        else:
            del self.fields["code"]


class MetricFileForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Columns 工号, 指标代码, 日期, 数值 (or employee number, metric, date, "
                    "value); one row per employee, metric and day."),
    )  # fmt: skip

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TABLE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB."), params={"mb": MAX_TABLE_BYTES >> 20}
            )
        return upload


class MetricValueForm(forms.Form):
    """One value by hand: the employee by number, an active metric, a day, a number."""

    employee = forms.CharField(label=_("Employee number"), max_length=20)
    metric = forms.ModelChoiceField(
        label=_("Metric"),
        queryset=Metric.objects.filter(is_active=True).order_by("code"),
        to_field_name="code",
    )
    on = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    # Text, not a DecimalField: the service's rule (ASCII digits, finite, four places)
    # is the one files and the API follow.
    value = forms.CharField(label=_("Value"), max_length=40)

    def clean_value(self) -> Any:
        number, problem = value_parse(self.cleaned_data["value"])
        if problem:
            raise forms.ValidationError(problem)
        return number
