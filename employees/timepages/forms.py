"""The time pages' forms: shape only; the services decide every rule and their refusals
come back as errors on the field they name."""

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from employees.models import Compensation, LeaveType

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class LeaveTypeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        zh = (translation.get_language() or "").startswith("zh")
        return str(obj.name_zh if zh else obj.name_en)


class LeavePeriodForm(forms.Form):
    start_day = forms.DateField(label=_("First day"), widget=DATE_INPUT)
    end_day = forms.DateField(label=_("Last day"), widget=DATE_INPUT)
    starts_afternoon = forms.BooleanField(label=_("Starts in the afternoon"), required=False)
    ends_midday = forms.BooleanField(label=_("Ends at midday"), required=False)
    hours_asked = forms.DecimalField(
        label=_("Hours (leave taken in hours)"),
        required=False,
        min_value=0.5,
        max_value=24,
        decimal_places=2,
        max_digits=5,
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class LeaveRequestForm(LeavePeriodForm):
    field_order = ["leave_type", "start_day", "end_day"]

    leave_type = LeaveTypeChoice(
        label=_("Kind of leave"),
        queryset=LeaveType.objects.filter(is_active=True).order_by("code"),
        empty_label=None,
    )
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_("Needed for sick, marriage, maternity and paternity leave: PDF or photo."),
    )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is not None and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return document


class OvertimeForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("From"), widget=TIME_INPUT)
    ends = forms.TimeField(
        label=_("Until"),
        widget=TIME_INPUT,
        help_text=_("An end before the start is the next morning."),
    )
    compensation = forms.ChoiceField(
        label=_("Compensation"), choices=Compensation.choices, initial=Compensation.PAY
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
    override_reason = forms.CharField(
        label=_("Why the legal cap may be passed"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def period(self, zone: tzinfo) -> tuple[datetime, datetime]:
        day: date = self.cleaned_data["day"]
        starts = datetime.combine(day, self.cleaned_data["starts"], tzinfo=zone)
        ends = datetime.combine(day, self.cleaned_data["ends"], tzinfo=zone)
        return starts, ends if ends > starts else ends + timedelta(days=1)


class CorrectionForm(forms.Form):
    day = forms.DateField(widget=forms.HiddenInput)
    at = forms.TimeField(label=_("Time of the punch"), widget=TIME_INPUT)
    next_morning = forms.BooleanField(
        label=_("The next morning (a night shift's clock-out)"), required=False
    )
    reason = forms.CharField(label=_("Why"), max_length=500)

    def moment(self, zone: tzinfo) -> datetime:
        day: date = self.cleaned_data["day"]
        if self.cleaned_data["next_morning"]:
            day += timedelta(days=1)
        at: time = self.cleaned_data["at"]
        return datetime.combine(day, at, tzinfo=zone)


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("Why declined"), max_length=500)


class MonthForm(forms.Form):
    month = forms.CharField(max_length=7)

    def clean_month(self) -> date:
        value = self.cleaned_data["month"]
        year, _dash, month = value.partition("-")
        digits = f"{year}{month}"
        well_formed = len(year) == 4 and len(month) == 2 and digits.isascii()
        if well_formed and digits.isdigit() and 1 <= int(month) <= 12:
            return date(int(year), int(month), 1)
        raise forms.ValidationError(_("Give a month as YYYY-MM."))


def month_from(value: str | None, default: date) -> date:
    """The first day of the month a query parameter names, else `default`'s month."""
    form = MonthForm({"month": value or ""})
    if form.is_valid():
        month: date = form.cleaned_data["month"]
        if 2000 <= month.year <= 2100:
            return month
    return default.replace(day=1)
