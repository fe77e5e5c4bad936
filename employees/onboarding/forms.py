"""Forms of the onboarding pages: shape only; the services decide the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import EmployeeDocument, OnboardingTemplate, OnboardingTemplateTask
from employees.services.preboarding import UPLOAD_KINDS


class TemplateForm(forms.ModelForm):
    class Meta:
        model = OnboardingTemplate
        fields = ["name", "department", "position", "city", "is_active"]


class TemplateTaskForm(forms.ModelForm):
    class Meta:
        model = OnboardingTemplateTask
        fields = [
            "title",
            "title_en",
            "description",
            "owner_role",
            "due_offset_days",
            "mandatory",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TaskDoneForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class BuddyForm(forms.Form):
    number = forms.CharField(
        label=_("Buddy's employee number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to clear the buddy."),
    )


class InviteForm(forms.Form):
    required_documents = forms.MultipleChoiceField(
        label=_("Required uploads"),
        choices=[(kind, EmployeeDocument.Kind(kind).label) for kind in UPLOAD_KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Everything not ticked is optional for the new hire."),
    )
