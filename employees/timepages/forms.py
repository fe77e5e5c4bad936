"""The time pages' forms: shape only; the services decide every rule and their refusals
come back as errors on the field they name."""

from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, cast

from django import forms
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from employees.leave.approvers import delegate_choices
from employees.models import Compensation, LeaveType
from hrflow.accounts.models import User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def leave_type_rule(leave_type: LeaveType) -> str:
    """The type's rule in a line: how it is paid, whether it is taken in hours, and
    whether it needs a document (and that a health document stays with HR)."""
    rate = leave_type.paid_rate
    if rate >= 1:
        parts = [gettext("Paid in full.")]
    elif rate <= 0:
        parts = [gettext("Unpaid.")]
    else:
        parts = [gettext("Paid at %(rate)s per cent.") % {"rate": f"{rate * 100:.0f}"}]
    if leave_type.unit == LeaveType.Unit.HOUR:
        parts.append(gettext("Can be taken in hours, one day at a time."))
    if leave_type.document_is_health:
        parts.append(
            gettext(
                "Needs a supporting document, kept as health data: only HR admins and you "
                "can open it."
            )
        )
    elif leave_type.needs_document:
        parts.append(gettext("Needs a supporting document."))
    # Chinese sentences follow one another without a space.
    zh = (translation.get_language() or "").startswith("zh")
    return ("" if zh else " ").join(parts)


class LeaveTypeSelect(forms.Select):
    """Each option carries its type's rule in data attributes, read by leave_form.js to
    show only the fields the type needs; the server checks the same rules."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        leave_type = getattr(option["value"], "instance", None)
        if isinstance(leave_type, LeaveType):
            attrs = option["attrs"]
            attrs["data-rule"] = leave_type_rule(leave_type)
            if leave_type.unit == LeaveType.Unit.HOUR:
                attrs["data-hours"] = ""
            if leave_type.needs_document:
                attrs["data-document"] = ""
            if leave_type.needs_document and leave_type.document_is_health:
                attrs["data-health"] = ""
        return option


class LeaveTypeChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    widget = LeaveTypeSelect(attrs={"data-leave-rules": ""})

    def label_from_instance(self, obj: Any) -> str:
        zh = (translation.get_language() or "").startswith("zh")
        return str(obj.name_zh if zh else obj.name_en)


class LeavePeriodForm(forms.Form):
    # Contexts: the bare words are taken elsewhere (a first day at work, a rejection's
    # reason, a record's effective date) and read wrongly here in Chinese.
    start_day = forms.DateField(label=pgettext_lazy("leave period", "First day"), widget=DATE_INPUT)
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
    reason = forms.CharField(
        label=pgettext_lazy("time request", "Reason"), max_length=500, required=False
    )


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
        help_text=_("A PDF or a photo, up to 10 MB."),
    )

    def __init__(self, *args: Any, health_consent_asked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if health_consent_asked:
            # A health document is kept only with the separate consent (PIPL art. 29),
            # asked here, where it is needed, for an employee who has not given it.
            self.fields["health_consent"] = forms.BooleanField(
                label=_(
                    "I agree that HR keeps this health document: my separate consent to "
                    "health data, which I can read about on my profile page."
                ),
                required=False,
            )
        # The chosen type's rule under the list (leave_form.js keeps it current).
        field = cast(LeaveTypeChoice, self.fields["leave_type"])
        chosen = None
        if self.is_bound:
            try:
                chosen = field.clean(self.data.get("leave_type"))
            except forms.ValidationError:
                chosen = None
        if chosen is None:
            chosen = field.queryset.first() if field.queryset is not None else None
        field.help_text = escape(leave_type_rule(chosen)) if chosen is not None else ""

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document is not None and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return document


class OvertimeForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    starts = forms.TimeField(label=pgettext_lazy("overtime period", "From"), widget=TIME_INPUT)
    ends = forms.TimeField(
        label=_("Until"),
        widget=TIME_INPUT,
        help_text=_("An end before the start is the next morning."),
    )
    compensation = forms.ChoiceField(
        label=_("Compensation"), choices=Compensation.choices, initial=Compensation.PAY
    )
    reason = forms.CharField(
        label=pgettext_lazy("time request", "Reason"), max_length=500, required=False
    )
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


class DelegateChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else str(obj.email)


class DelegationForm(forms.Form):
    """While I am away from `starts` to `ends`, my approvals go to `to_user`; the person
    is looked up among those the service lets `from_user` choose."""

    to_user = DelegateChoice(label=_("Who decides for you"), queryset=User.objects.none())
    starts = forms.DateField(label=pgettext_lazy("delegation period", "From"), widget=DATE_INPUT)
    ends = forms.DateField(label=_("Until (inclusive)"), widget=DATE_INPUT)

    def __init__(self, *args: Any, from_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(DelegateChoice, self.fields["to_user"]).queryset = delegate_choices(from_user)


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
