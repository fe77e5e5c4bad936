"""Forms check the shape of input; business rules stay in the services."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Position
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.org.models import Department, Location
from recruiting.models import Job, PipelineTemplate, RejectionReason
from recruiting.models.job_posting import POSTING_FIELDS


def _people_with(role: Role) -> Any:
    return User.objects.filter(is_active=True, groups__name=role.value).distinct()


def _seat_label(position: Position) -> str:
    # Two departments often have a position of the same title.
    return f"{position.title} · {position.department.name}"


DEFAULTED_FIELDS = ("salary_months", "education_required", "experience_required")
TEAM = ("recruiters", "hiring_managers")


class JobForm(forms.ModelForm):
    recruiters = forms.ModelMultipleChoiceField(
        label=_("Recruiters"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hiring_managers = forms.ModelMultipleChoiceField(
        label=_("Hiring managers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Job
        fields = [
            "title",
            "department",
            "position",
            "location",
            "employment_type",
            "headcount",
            "channel",
            "description",
            "requirements",
            *POSTING_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("department").queryset = Department.objects.active()
        self._choices("location").queryset = Location.objects.active()
        # Positions are the org's structure, which every staff role may read.
        positions = self._choices("position")
        positions.queryset = Position.objects.active().select_related("department")
        positions.label_from_instance = _seat_label  # type: ignore[method-assign,assignment]
        self.fields["position"].help_text = _(
            "The planned seat this job fills; the positions page shows the job under it."
        )
        self._choices("recruiters").queryset = _people_with(Role.RECRUITER)
        self._choices("hiring_managers").queryset = _people_with(Role.HIRING_MANAGER)
        # A form sent without them (a script, an old page) keeps what the job has.
        for name in DEFAULTED_FIELDS:
            self.fields[name].required = False
        self.fields["channel"].help_text = _(
            "Jobs on an internal channel are not shown on the public careers site "
            "(admin sets which channels are internal)."
        )
        if self.instance.pk:
            self.fields["recruiters"].initial = list(self.instance.recruiters.all())
            self.fields["hiring_managers"].initial = list(self.instance.hiring_managers.all())

    def main_fields(self) -> list[forms.BoundField]:
        """The job itself, shown first."""
        return [self[name] for name in self.fields if name not in (*POSTING_FIELDS, *TEAM)]

    def pay_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("salary_min_k", "salary_max_k", "salary_months")]

    def requirement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("education_required", "experience_required")]

    def team_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TEAM]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in DEFAULTED_FIELDS:
            if cleaned.get(name) in (None, ""):
                cleaned[name] = getattr(self.instance, name)
        return cleaned

    def _choices(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])


class JobCreateForm(JobForm):
    template = forms.ModelChoiceField(
        label=_("Pipeline template"), queryset=PipelineTemplate.objects.filter(is_active=True)
    )


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Reason"),
        queryset=RejectionReason.objects.filter(is_active=True),
        to_field_name="code",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class WrittenTestForm(forms.Form):
    score = forms.DecimalField(
        label=_("Written test score"), min_value=0, max_value=100, decimal_places=2
    )


class ResumeForm(forms.Form):
    resume = forms.FileField(label=_("Resume (PDF or Word)"))


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separate tags with commas.")
    )

    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].replace("，", ",").split(",")]
