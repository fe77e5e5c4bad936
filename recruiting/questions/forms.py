"""Forms for screening questions: HR's editor, and the fields applicants answer in.

The applicants' fields only shape the input (every one is optional here, with
the browser's `required` hint): recruiting.questions.services judges
the answers, so the rules live in one place for the form, the preview and tests.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruiting.models import ScreeningQuestion
from recruiting.questions.models import NO, YES
from recruiting.questions.services import (
    LONG_ANSWER_MAX,
    MAX_CHOICES,
    NUMBER_MAX,
    SHORT_ANSWER_MAX,
    TEXT_MAX,
    QuestionSpec,
)

Kind = ScreeningQuestion.Kind
PREFIX = "q"


def answer_field_name(question: ScreeningQuestion) -> str:
    return f"{PREFIX}{question.pk}"


def answer_field(question: ScreeningQuestion) -> forms.Field:
    """The field an applicant answers `question` in, with the widget its kind needs."""
    label = (
        question.text
        if question.required
        else _("%(question)s (optional)") % {"question": question.text}
    )
    # partials/field.html shows help text unescaped (it is trusted text elsewhere);
    # HR typed this one, so it is escaped here.
    common: dict[str, Any] = {"label": label, "required": False}
    common["help_text"] = escape(question.help_text)
    field: forms.Field
    if question.kind == Kind.YES_NO:
        field = forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    elif question.kind == Kind.SINGLE_CHOICE:
        options = [(choice, choice) for choice in question.choices or []]
        field = forms.ChoiceField(choices=[("", _("Choose…")), *options], **common)
    elif question.kind == Kind.NUMBER:
        field = forms.CharField(
            max_length=NUMBER_MAX,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    elif question.kind == Kind.LONG_TEXT:
        field = forms.CharField(
            max_length=LONG_ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 4}), **common
        )
    else:
        field = forms.CharField(max_length=SHORT_ANSWER_MAX, **common)
    if question.required:
        field.widget.attrs["required"] = True
    return field


class AnswerFieldsMixin:
    """Adds one field per question ("q<id>") to a form, and reads the answers back."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    question_names: list[str]

    def add_question_fields(self, questions: Iterable[ScreeningQuestion]) -> None:
        self.question_names = []
        for question in questions:
            name = answer_field_name(question)
            self.fields[name] = answer_field(question)
            self.question_names.append(name)

    def question_fields(self) -> Iterator[forms.BoundField]:
        for name in self.question_names:
            yield self[name]  # type: ignore[index]

    def answers(self) -> dict[int, str]:
        """{question id: answer as typed} for the questions on the form."""
        return {
            int(name.removeprefix(PREFIX)): self.cleaned_data.get(name) or ""
            for name in self.question_names
        }


class AnswerPreviewForm(AnswerFieldsMixin, forms.Form):
    """The questions as an applicant sees them: HR's preview, never submitted."""

    def __init__(self, *args: Any, questions: Iterable[ScreeningQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_question_fields(questions)


class QuestionForm(forms.Form):
    """One question in HR's editor; choices one per line."""

    text = forms.CharField(label=gettext_lazy("Question"), max_length=TEXT_MAX)
    help_text = forms.CharField(
        label=gettext_lazy("Help text (optional)"), max_length=TEXT_MAX, required=False
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind of answer"), choices=Kind.choices)
    choices = forms.CharField(
        label=gettext_lazy("Choices"),
        required=False,
        help_text=gettext_lazy("For “One of several choices”: one choice per line."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)

    @classmethod
    def for_question(cls, question: ScreeningQuestion, **kwargs: Any) -> "QuestionForm":
        initial = {
            "text": question.text,
            "help_text": question.help_text,
            "kind": question.kind,
            "choices": "\n".join(question.choices or []),
            "required": question.required,
        }
        return cls(initial=initial, prefix=f"edit{question.pk}", **kwargs)

    def clean_choices(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("choices", "").splitlines()]
        choices = [line for line in lines if line]
        if len(choices) > MAX_CHOICES:
            raise forms.ValidationError(
                _("Give at most %(count)d choices.") % {"count": MAX_CHOICES}
            )
        return choices

    def spec(self, pk: int | None = None) -> QuestionSpec:
        data = self.cleaned_data
        return QuestionSpec(
            pk=pk,
            text=data["text"],
            help_text=data.get("help_text") or "",
            kind=data["kind"],
            required=bool(data.get("required")),
            choices=tuple(data.get("choices") or ()),
        )
