"""The probation decision form: which outcome, and what it needs."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from employees.forms.contracts import date_field


class ProbationDecisionForm(forms.Form):
    PASSED = "pass"
    PASSED_EARLY = "pass_early"
    EXTEND = "extend"
    END = "end"

    outcome = forms.ChoiceField(
        label=pgettext_lazy("probation", "Decision"),
        widget=forms.RadioSelect,
        choices=[
            (PASSED, _("Pass: regular from the day after probation ends")),
            (PASSED_EARLY, _("Pass early: regular from today")),
            (EXTEND, _("Extend the probation")),
            (END, _("End the employment during probation")),
        ],
    )
    new_end_date = date_field(
        _("New end of probation"), required=False, help_text=_("Only when extending.")
    )
    last_day = date_field(
        _("Last day of work"), required=False, help_text=_("Only when ending the employment.")
    )
    reason = forms.CharField(
        label=pgettext_lazy("ending", "Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to extend or to end; kept with the outcome."),
    )

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == self.EXTEND and not data.get("new_end_date"):
            self.add_error("new_end_date", _("Give the new end of probation."))
        if outcome == self.END and not data.get("last_day"):
            self.add_error("last_day", _("Give the last day of work."))
        return data
