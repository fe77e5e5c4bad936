import functools
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hrflow.org.models import Weekday


@functools.cache
def _zones() -> list[tuple[str, str]]:
    # Once per process: reading the time zone database took 10-25 ms, twice a request.
    return [(zone, zone) for zone in sorted(available_timezones()) if "/" in zone]


class PlainSelect(forms.Select):
    """A <select> whose options are written in Python.

    Django's Select renders each <option> through a template: the 430 time zones
    cost the settings page about 60 ms a request, its largest cost by far.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = str(value) if value is not None else ""
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) == chosen else "", label)
                for option, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class CompanySettingsForm(forms.Form):
    """The shape of the company page; `company_settings_save` checks the rules."""

    company_name = forms.CharField(
        label=_("Company name"),
        max_length=120,
        help_text=_("Shown to candidates in messages, on the careers site and in the portal."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zones, widget=PlainSelect)
    # Not required here: the service says why an empty week is refused.
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_day_start = forms.TimeField(
        label=_("Working day starts"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    working_day_end = forms.TimeField(
        label=_("Working day ends"), widget=forms.TimeInput(attrs={"type": "time"})
    )
