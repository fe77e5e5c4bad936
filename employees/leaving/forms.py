"""Forms of the leaving pages: shape only; the services decide the rules."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import OffboardingTemplateTask

# The reasons of the rule `severance.due_by_reason`, in words; a reason HR adds to the
# rule shows by its code.
REASON_LABELS = {
    "resignation": _("The employee resigned"),
    "employee_terminates_for_employer_fault": _(
        "The employee ended it for the employer's fault (art. 38)"
    ),
    "mutual_agreement_employer_proposed": _("Mutual agreement, proposed by the employer"),
    "mutual_agreement_employee_proposed": _("Mutual agreement, proposed by the employee"),
    "dismissal_for_misconduct": _("Dismissed for misconduct (art. 39)"),
    "dismissal_with_notice": _("Dismissed with notice (art. 40)"),
    "redundancy": _("Redundancy (art. 41)"),
    "fixed_term_ended_not_renewed_by_employer": _("Fixed term ended, the employer did not renew"),
    "fixed_term_ended_renewal_offered_on_worse_terms": _(
        "Fixed term ended, renewal offered on worse terms"
    ),
    "fixed_term_ended_employee_declined_same_or_better_terms": _(
        "Fixed term ended, the employee declined the same or better terms"
    ),
    "employer_closed": _("The employer closed or its licence was revoked"),
    "retirement": _("Retirement"),
    "death": _("Death"),
}


class FinalPayForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Why the contract ended"))

    def __init__(self, *args: Any, reasons: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reason_code"]
        assert isinstance(field, forms.ChoiceField)
        known = list(REASON_LABELS)
        # The rule's order is the database's (JSONB sorts keys); the labels' reads better.
        ordered = sorted(
            reasons, key=lambda code: (known.index(code) if code in known else len(known), code)
        )
        field.choices = [("", "—"), *((code, REASON_LABELS.get(code, code)) for code in ordered)]


class TaskDoneForm(forms.Form):
    BACK = (("checklist", "checklist"), ("mine", "mine"))

    done = forms.TypedChoiceField(
        choices=(("yes", "yes"), ("no", "no")), coerce=lambda value: value == "yes"
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    back = forms.ChoiceField(choices=BACK, required=False)


class TemplateTaskForm(forms.ModelForm):
    class Meta:
        model = OffboardingTemplateTask
        fields = ["title", "title_en", "description", "owner_role", "due_offset_days", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TemplateTaskEditForm(TemplateTaskForm):
    class Meta(TemplateTaskForm.Meta):
        fields = [*TemplateTaskForm.Meta.fields, "is_active"]


class CertificateForm(forms.Form):
    state_reason = forms.BooleanField(
        label=_("The employee asked for the reason for leaving to be stated"), required=False
    )
    reason = forms.CharField(
        label=_("Reason as the employee wants it stated"),
        max_length=200,
        required=False,
        help_text=_("Printed only when the employee asked for it; nothing adverse otherwise."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state_reason") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write the reason the employee asked to be stated."))
        if not data.get("state_reason"):
            data["reason"] = ""
        return data
