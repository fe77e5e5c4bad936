import functools
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hrflow.notifications.rendering import SUBJECT_MAX


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))


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


class SettingsForm(forms.Form):
    company_name = forms.CharField(label=_("Company name in messages"), max_length=120)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zones, widget=PlainSelect)
    quiet_hours_start = forms.TimeField(
        label=_("Quiet hours start"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_hours_end = forms.TimeField(
        label=_("Quiet hours end"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    rejection_delay_hours = forms.IntegerField(
        label=_("Delay before a rejection is sent (hours)"),
        min_value=0,
        max_value=14 * 24,
        help_text=_("Rejections then wait for the end of the quiet hours, too."),
    )
