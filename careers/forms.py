"""The public apply form: it checks the shape of input; careers_apply judges it."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from recruiting.models import Job, ScreeningQuestion, SelfIdentification
from recruiting.models.consents import CandidateConsent
from recruiting.models.job_posting import SALARY_K_MAX
from recruiting.questions.forms import AnswerFieldsMixin
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.selectors.careers import BoardFilters
from recruiting.services.careers import careers_phone_problem

NOT_ANSWERED: list[tuple[str, Any]] = [("", "—")]


class BoardFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    department = forms.IntegerField(required=False, min_value=1)
    location = forms.IntegerField(required=False, min_value=1)
    channel = forms.ChoiceField(required=False, choices=[])
    salary = forms.IntegerField(required=False, min_value=1, max_value=SALARY_K_MAX)
    education = forms.ChoiceField(required=False, choices=[("", ""), *Job.Education.choices])
    experience = forms.ChoiceField(required=False, choices=[("", ""), *Job.Experience.choices])

    def __init__(self, *args: Any, channels: Iterable[tuple[str, Any]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the channels outside visitors may see (careers_channels()).
        self.fields["channel"].choices = [("", ""), *channels]  # type: ignore[attr-defined]

    def filters(self) -> BoardFilters:
        """The valid filters; anything malformed is simply ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return BoardFilters(
            q=data.get("q") or "",
            department=data.get("department"),
            location=data.get("location"),
            channel=data.get("channel") or "",
            salary_at_least_k=data.get("salary"),
            education=data.get("education") or "",
            experience=data.get("experience") or "",
        )


class ApplyForm(AnswerFieldsMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(label=_("Mobile phone"), max_length=32, required=False)
    resume = forms.FileField(
        label=_("Resume"),
        help_text=_("PDF or Word (.docx), at most %(mb)d MB.")
        % {"mb": MAX_RESUME_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    consent_data = forms.BooleanField(required=False)
    consent_ai = forms.BooleanField(required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=NOT_ANSWERED + SelfIdentification.Gender.choices
    )
    age_band = forms.ChoiceField(
        label=_("Age"), required=False, choices=NOT_ANSWERED + SelfIdentification.AgeBand.choices
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"),
        required=False,
        choices=NOT_ANSWERED + SelfIdentification.Ethnicity.choices,
    )
    disability = forms.ChoiceField(
        label=_("Disability"),
        required=False,
        choices=NOT_ANSWERED + SelfIdentification.Disability.choices,
    )
    # The honeypot: hidden from people, filled in by form-filling bots.
    website = forms.CharField(required=False, max_length=200)
    # When the form was shown and to whom, signed (careers.stamps).
    shown = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        job: Job,
        needs_ai_consent: bool = False,
        questions: Iterable[ScreeningQuestion] = (),
        stamp: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        # The job's screening questions, one field "q<id>" each (answers()).
        self.add_question_fields(questions)
        self.needs_ai_consent = needs_ai_consent
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        # Required or not, the service's rule says so (clean_phone), in its words.
        if job.phone_required:
            self.fields["phone"].widget.attrs["required"] = True
        else:
            self.fields["phone"].label = _("Mobile phone (optional)")
        self.fields["phone"].help_text = _(
            "A mainland China mobile, or + and the country code for another country."
        )
        self.fields["consent_data"].widget.attrs["required"] = True
        if needs_ai_consent:
            self.fields["consent_ai"].widget.attrs["required"] = True
        else:
            del self.fields["consent_ai"]
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["shown"].initial = stamp

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data.get("phone") or ""
        if problem := careers_phone_problem(job=self.job, phone=phone):
            raise forms.ValidationError(problem)
        return phone

    def restamp(self, stamp: str) -> None:
        """Carry a new stamp when the form is shown again (the one sent was refused)."""
        if self.is_bound:
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data["shown"] = stamp
            self.data = data
        self.fields["shown"].initial = stamp

    def consents(self) -> list[str]:
        data = self.cleaned_data
        given = [CandidateConsent.Kind.DATA_PROCESSING] if data.get("consent_data") else []
        if data.get("consent_ai"):
            given.append(CandidateConsent.Kind.AI_ASSESSMENT)
        return [str(kind) for kind in given]

    def self_identification(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("gender", "age_band", "ethnicity", "disability")
        }
