"""Interview forms: they check the shape of input; the interview services judge it."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from recruiting.interviews import scorecards
from recruiting.interviews.scorecard_services import NOTES_MAX, Scorecard
from recruiting.interviews.selectors import interviewer_choices
from recruiting.interviews.services import MAX_MINUTES, MIN_MINUTES, NOTE_MAX, InterviewPlan
from recruiting.models import Interview, Job

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class InterviewerChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person = cast(User, obj)
        return person.full_name or person.email


class InterviewForm(forms.Form):
    """Schedule or change an interview. The start is read in the active time zone,
    which the view sets to the company's."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Interview.Kind.choices,
        initial=Interview.Kind.ONSITE,
        widget=forms.RadioSelect,
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        initial=60,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    location = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=255,
        help_text=_("For an onsite interview: building, floor, room."),
    )
    meeting_url = forms.URLField(
        label=_("Meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("For a video interview."),
    )
    interviewers = InterviewerChoice(
        label=_("Interviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    note_for_candidate = forms.CharField(
        label=_("Note for the candidate"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with the invitation, e.g. what to bring or whom to ask for."),
    )

    def __init__(self, *args: Any, job: Job, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["interviewers"])
        field.queryset = interviewer_choices(job=job)

    @classmethod
    def initial_for(cls, interview: Interview) -> dict[str, Any]:
        return {
            "kind": interview.kind,
            "starts_at": interview.starts_at,
            "duration_minutes": interview.duration_minutes,
            "location": interview.location,
            "meeting_url": interview.meeting_url,
            "interviewers": list(interview.interviewers.all()),
            "note_for_candidate": interview.note_for_candidate,
        }

    def plan(self) -> InterviewPlan:
        data = self.cleaned_data
        return InterviewPlan(
            kind=data["kind"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            interviewers=list(data["interviewers"]),
            location=data["location"],
            meeting_url=data["meeting_url"],
            note_for_candidate=data["note_for_candidate"],
        )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail, not sent)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# A dash first: a dimension the interview did not show can be left (or made) unrated.
NOT_RATED = "\u2013"  # an en dash
RATING_CHOICES = [
    ("", NOT_RATED),
    *((str(value), str(value)) for value in scorecards.RATING_LABELS),
]


class ScorecardForm(forms.Form):
    """A 1-5 rating per dimension (each may be left unrated), a recommendation, notes."""

    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=scorecards.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you asked, what you saw: evidence for your ratings."),
    )

    def __init__(self, *args: Any, dimensions: list[Dimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            self.fields[self.field_name(dimension.code)] = forms.ChoiceField(
                label=str(dimension),
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"rating_{code}"

    @classmethod
    def initial_from(cls, assessment: Any) -> dict[str, Any]:
        """The form as the interviewer last submitted it."""
        raw = assessment.raw or {}
        initial: dict[str, Any] = {
            cls.field_name(code): str(rating) for code, rating in raw.get("ratings", {}).items()
        }
        initial["recommendation"] = raw.get("recommendation", "")
        initial["notes"] = (assessment.media or {}).get("summary", "")
        return initial

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(dimension.code)] for dimension in self.dimensions]

    def card(self) -> Scorecard:
        data = self.cleaned_data
        ratings: dict[str, int | None] = {}
        for dimension in self.dimensions:
            value = data.get(self.field_name(dimension.code))
            ratings[dimension.code] = int(value) if value else None
        return Scorecard(
            ratings=ratings, recommendation=data["recommendation"], notes=data["notes"]
        )


class RespondForm(forms.Form):
    """The candidate's answer: the button pressed says which."""

    answer = forms.ChoiceField(
        choices=[
            (Interview.Response.CONFIRMED, _("Confirm")),
            (Interview.Response.RESCHEDULE, _("Ask for another time")),
        ]
    )
    preferred_times = forms.CharField(
        label=_("Times that suit you"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. weekday afternoons next week, or Monday 10:00-12:00."),
    )
    note = forms.CharField(
        label=_("Message to the recruiter"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
