"""The hire form: the first day, where the person sits, and to whom they report.

It checks the shape; the hire service judges the rest. Managers are offered from
the people the job names (its hiring managers and the department's head) who
have an employee record, so the form never lists the whole company to a recruiter.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, EmploymentType, Position
from hrflow.core.form_fields import IdChoiceField
from recruiting.hiring.checks import hire_manager_choices
from recruiting.models import Application
from recruiting.offers.forms import _date_field


class HireForm(forms.Form):
    start_date = _date_field(_("First day"))
    employment_type = forms.ChoiceField(
        label=_("Form of employment"), choices=EmploymentType.choices
    )
    position = IdChoiceField(
        label=_("Position"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("— none yet —"),
    )
    manager = IdChoiceField(
        label=_("Manager"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("— none yet —"),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        job = application.job
        position = self.fields["position"]
        assert isinstance(position, forms.ModelChoiceField)
        position.queryset = Position.objects.active().filter(department_id=job.department_id)
        manager = self.fields["manager"]
        assert isinstance(manager, forms.ModelChoiceField)
        manager.queryset = hire_manager_choices(application)
