"""Forms of the structure pages: they check shape; the services judge the rules."""

from datetime import date
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.models import Position
from hrflow.org.models import Department, Location


class AsOfForm(forms.Form):
    """The day a page reads the organisation as of, and what to look for."""

    on = forms.DateField(
        label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)

    def day(self) -> date:
        """The chosen day, or today when none (or a malformed one) was given."""
        if self.is_valid() and self.cleaned_data.get("on"):
            return cast(date, self.cleaned_data["on"])
        return timezone.localdate()

    def search(self) -> str:
        if self.is_valid():
            return cast(str, self.cleaned_data.get("q") or "").replace("\x00", "")
        return ""


def _with_department(position: Position) -> str:
    return f"{position.title} · {position.department.name}"


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = [
            "title",
            "code",
            "department",
            "location",
            "reports_to",
            "job_family",
            "grade",
            "headcount",
        ]
        labels = {
            "title": _("Title"),
            "code": _("Code"),
            "department": _("Department"),
            "location": _("Work location"),
            "reports_to": _("Reports to"),
            "job_family": _("Job family"),
            "grade": _("Grade"),
            "headcount": _("Headcount"),
        }
        help_texts = {
            "code": _("Letters, digits and dashes; unique."),
            "headcount": _("How many people this position seats."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("department").queryset = Department.objects.active()
        self._choices("location").queryset = Location.objects.active()
        others = Position.objects.active().select_related("department")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self._choices("reports_to").queryset = others
        self._choices("reports_to").label_from_instance = _with_department  # type: ignore[method-assign,assignment]
        self.fields["headcount"].widget.attrs["max"] = 10_000

    def _choices(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class PositionActiveForm(forms.Form):
    is_active = forms.BooleanField(label=pgettext_lazy("in use", "Active"), required=False)


class EmployeeAccountForm(forms.Form):
    email = forms.EmailField(label=_("Sign-in e-mail"), max_length=254)
