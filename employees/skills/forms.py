"""The requirement form: shape only; `requirement_set` decides the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Position
from hrflow.competencies.models import COMPETENCY_LEVELS_MAX, Competency


class RequirementForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), required=False
    )
    job_family = forms.CharField(label=_("or job family"), max_length=80, required=False)
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.filter(is_active=True)
    )
    level = forms.IntegerField(
        label=_("Required level"),
        min_value=1,
        max_value=COMPETENCY_LEVELS_MAX,
        required=False,
        help_text=_("Leave empty to drop the requirement."),
    )
