from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.notifications.rendering import SUBJECT_MAX


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))


class SettingsForm(forms.Form):
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
