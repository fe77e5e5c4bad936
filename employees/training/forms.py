"""Forms of the training pages: shape only; the services decide the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Course, CourseSession, TrainingSettings
from hrflow.competencies.models import COMPETENCY_LEVELS_MAX, Competency

# How many competencies the course form offers to tag; a course building more is rare.
BUILDS_ROWS = 3


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "code", "title_zh", "title_en", "description", "delivery", "provider",
            "provider_name", "hours", "certificate_name", "certificate_months", "is_active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        existing = list(self.instance.builds.all()) if self.instance.pk else []
        for row in range(BUILDS_ROWS):
            known = existing[row] if row < len(existing) else None
            self.fields[f"competency_{row}"] = forms.ModelChoiceField(
                label=_("Builds competency"),
                queryset=Competency.objects.filter(is_active=True),
                required=False,
                initial=known.competency_id if known else None,
            )
            self.fields[f"level_{row}"] = forms.IntegerField(
                label=_("Level attested"),
                min_value=1,
                max_value=COMPETENCY_LEVELS_MAX,
                required=False,
                initial=known.level if known else None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        builds = []
        for row in range(BUILDS_ROWS):
            competency, level = data.get(f"competency_{row}"), data.get(f"level_{row}")
            if competency and not level:
                self.add_error(f"level_{row}", _("Give the level the course attests."))
            elif competency and level:
                builds.append((competency, level))
        data["builds"] = builds
        return data

    def course_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SessionForm(forms.ModelForm):
    class Meta:
        model = CourseSession
        fields = ["starts_at", "ends_at", "place", "trainer", "seats"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"))
    result = forms.DecimalField(
        label=_("Result (0-100)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    )


class EnrolForm(forms.Form):
    """The ids are checked for shape here; the view resolves each through the user's scope.

    `course` is the course's id, or `course:session` from the team page's one select
    (the session picked with its course); `session` may also come on its own.
    """

    course = forms.RegexField(regex=r"\A[0-9]{1,10}(:[0-9]{1,10})?\Z")
    session = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    reason = forms.CharField(max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw = data.get("course")
        if raw is None:
            return data
        course, _colon, session = raw.partition(":")
        ids = [int(course), *([int(session)] if session else [])]
        if not all(0 < pk < 2**31 for pk in ids):
            self.add_error("course", _("Choose a course."))
            return data
        data["course"] = ids[0]
        if session:
            if data.get("session") not in (None, ids[1]):
                self.add_error("session", _("Choose one session."))
            data["session"] = ids[1]
        return data

    def people_ids(self, raw: list[str]) -> list[int] | None:
        """The posted people as ids, or None when one is not a plain positive number."""
        ids = []
        for value in raw:
            if not (value.isascii() and value.isdigit() and 0 < len(value) <= 10):
                return None
            ids.append(int(value))
        return ids if ids and max(ids) < 2**31 else None


class TrainingSettingsForm(forms.ModelForm):
    """The shape of the policy page; `training_settings_save` checks the bounds."""

    class Meta:
        model = TrainingSettings
        fields = ["weak_pool_percentile", "certificate_warn_days"]
        help_texts = {
            "weak_pool_percentile": _(
                "A new hire whose AI-interview score is in the bottom this-many percent of "
                "the applicant pool is suggested training, even where the position asks for "
                "nothing (1-99; 30 means the bottom 30 %)."
            ),
            "certificate_warn_days": _(
                "How many days before a certificate lapses its holder and their manager "
                "are told (1-365)."
            ),
        }
