"""A job's screening questions: HR edits the list; applicants' answers are checked and kept.

HR saves the whole list of questions at once (added, edited, reordered,
removed), so the order on the form is always exactly the order saved. A
removed question that someone has answered is retired instead of deleted: the
answers still name it. The answers are checked in full before anything of an
application is stored, so a bad answer leaves no candidate behind.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from hrflow.accounts.models import User
from hrflow.core.audit import audit_record
from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Job, ScreeningAnswer, ScreeningQuestion
from recruiting.questions.models import NO, YES

Kind = ScreeningQuestion.Kind

MAX_QUESTIONS = 20
MIN_CHOICES, MAX_CHOICES = 2, 20
TEXT_MAX = 300
CHOICE_MAX = 100
SHORT_ANSWER_MAX = 300
LONG_ANSWER_MAX = 4000
NUMBER_MAX = 30
EDITABLE = ("text", "help_text", "kind", "choices", "required")


@dataclass(frozen=True)
class QuestionSpec:
    """One question as HR wants it; `pk` names the existing question it edits."""

    text: str
    kind: str
    required: bool = False
    help_text: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)
    pk: int | None = None

    @classmethod
    def of(cls, question: ScreeningQuestion) -> "QuestionSpec":
        return cls(
            text=question.text,
            kind=question.kind,
            required=question.required,
            help_text=question.help_text,
            choices=tuple(question.choices or ()),
            pk=question.pk,
        )


@transaction.atomic
def screening_questions_save(
    *, job: Job, questions: Sequence[QuestionSpec], actor: User | None
) -> list[ScreeningQuestion]:
    """Make the job's asked questions exactly `questions`, in this order.

    Questions left out are deleted, or retired when they have answers. Returns
    the active questions in order.
    """
    # The job's row is the lock: two people saving at once take turns.
    Job.objects.select_for_update().filter(pk=job.pk).get()
    if len(questions) > MAX_QUESTIONS:
        raise ApplicationError(
            _("A job can ask at most %(count)d questions.") % {"count": MAX_QUESTIONS}
        )
    current = {
        question.pk: question for question in ScreeningQuestion.objects.filter(job=job).active()
    }
    answered = set(
        ScreeningAnswer.objects.filter(question__in=list(current)).values_list(
            "question_id", flat=True
        )
    )
    named = [spec.pk for spec in questions if spec.pk is not None]
    if len(named) != len(set(named)):
        raise ApplicationError(_("A question appears twice; reload the page."))
    cleaned = [
        _clean(spec, number, current, answered) for number, spec in enumerate(questions, start=1)
    ]
    changes: dict[str, Any] = {}
    _remove([question for pk, question in current.items() if pk not in named], answered, changes)
    saved = []
    for position, values in enumerate(cleaned):
        pk = values.pop("pk")
        question = current[pk] if pk is not None else None
        saved.append(_write(job, question, position, values, changes))
    if [question.pk for question in saved] != list(current):
        changes["order"] = [question.text for question in saved]
    if changes:
        audit_record(
            actor=actor, action="recruiting.screening_questions_save", target=job, changes=changes
        )
    return saved


def _clean(
    spec: QuestionSpec, number: int, current: Mapping[int, ScreeningQuestion], answered: set[int]
) -> dict[str, Any]:
    """The spec's values, trimmed, or an ApplicationError naming the question and field."""

    def refuse(name: str, message: str) -> ApplicationError:
        text = _("Question %(number)d: %(problem)s") % {"number": number, "problem": message}
        return ApplicationError(text, extra={"question": number, "fields": {name: message}})

    text, help_text = spec.text.strip(), spec.help_text.strip()
    if not text:
        raise refuse("text", _("Write the question."))
    if len(text) > TEXT_MAX or len(help_text) > TEXT_MAX:
        name = "text" if len(text) > TEXT_MAX else "help_text"
        raise refuse(name, _("At most %(count)d characters.") % {"count": TEXT_MAX})
    if spec.kind not in Kind.values:
        raise refuse("kind", _("Choose the kind of answer."))
    if spec.pk is not None and spec.pk not in current:
        raise refuse("text", _("This question has changed meanwhile; reload the page."))
    if spec.pk in answered and current[spec.pk].kind != spec.kind:
        raise refuse(
            "kind",
            _("People have answered this question: remove it and add a new one instead."),
        )
    choices: list[str] = []
    if spec.kind == Kind.SINGLE_CHOICE:
        choices = [" ".join(choice.split()) for choice in spec.choices]
        if problem := _choices_problem(choices):
            raise refuse("choices", problem)
    return {
        "pk": spec.pk,
        "text": text,
        "help_text": help_text,
        "kind": spec.kind,
        "choices": choices,
        "required": bool(spec.required),
    }


def _choices_problem(choices: list[str]) -> str:
    if any(not choice for choice in choices):
        return _("A choice cannot be empty.")
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        return _("Give between %(low)d and %(high)d choices.") % {
            "low": MIN_CHOICES,
            "high": MAX_CHOICES,
        }
    if len({choice.casefold() for choice in choices}) != len(choices):
        return _("Each choice must be different.")
    if any(len(choice) > CHOICE_MAX for choice in choices):
        return _("A choice has at most %(count)d characters.") % {"count": CHOICE_MAX}
    return ""


def _remove(
    questions: list[ScreeningQuestion], answered: set[int], changes: dict[str, Any]
) -> None:
    """Delete unanswered questions; retire answered ones, whose answers name them."""
    retired = [q for q in questions if q.pk in answered]
    unanswered = [q for q in questions if q.pk not in answered]
    if unanswered:
        try:
            with transaction.atomic():
                ScreeningQuestion.objects.filter(pk__in=[q.pk for q in unanswered]).delete()
            changes["deleted"] = [q.text for q in unanswered]
        except ProtectedError:
            # An applicant answered one since `answered` was read: retire them all.
            retired += unanswered
    for question in retired:
        question.is_active = False
        question.save(update_fields=["is_active", "updated_at"])
    if retired:
        changes["retired"] = [q.text for q in retired]


def _write(
    job: Job,
    question: ScreeningQuestion | None,
    position: int,
    values: dict[str, Any],
    changes: dict[str, Any],
) -> ScreeningQuestion:
    if question is None:
        question = ScreeningQuestion(job=job, position=position, **values)
        question.full_clean()
        question.save()
        changes.setdefault("added", []).append(question.text)
        return question
    edited = {name: [getattr(question, name), values[name]] for name in EDITABLE}
    edited = {name: pair for name, pair in edited.items() if pair[0] != pair[1]}
    if not edited and question.position == position:
        return question
    for name, (_old, new) in edited.items():
        setattr(question, name, new)
    question.position = position
    question.full_clean()
    question.save(update_fields=[*edited, "position", "updated_at"])
    if edited:
        changes.setdefault("edited", {})[str(question.pk)] = edited
    return question


def screening_answers_check(*, job: Job, answers: Mapping[int, str]) -> dict[int, str]:
    """The answers to the job's asked questions, trimmed: {question id: answer}.

    Unanswered optional questions are left out. Every problem is reported at
    once, each under its form field name ("q<id>") in `extra["fields"]`.
    Answers to questions the job does not ask (any more) are ignored.
    """
    cleaned: dict[int, str] = {}
    problems: dict[str, str] = {}
    for question in ScreeningQuestion.objects.filter(job=job).active():
        value = (answers.get(question.pk) or "").strip()
        if not value:
            if question.required:
                problems[f"q{question.pk}"] = _("Please answer this question.")
            continue
        problem = _answer_problem(question, value)
        if problem:
            problems[f"q{question.pk}"] = problem
        else:
            cleaned[question.pk] = value
    if problems:
        raise ApplicationError(
            _("Please check your answers to the questions."), extra={"fields": problems}
        )
    return cleaned


def _answer_problem(question: ScreeningQuestion, value: str) -> str:
    if question.kind == Kind.YES_NO and value not in (YES, NO):
        return _("Answer yes or no.")
    if question.kind == Kind.SINGLE_CHOICE and value not in (question.choices or []):
        return _("Choose one of the answers offered.")
    if question.kind == Kind.NUMBER and not _is_number(value):
        return _("Enter a number.")
    limit = SHORT_ANSWER_MAX if question.kind == Kind.SHORT_TEXT else LONG_ANSWER_MAX
    if len(value) > limit:
        return _("At most %(count)d characters.") % {"count": limit}
    return ""


def _is_number(value: str) -> bool:
    if len(value) > NUMBER_MAX:
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


@transaction.atomic
def screening_answers_store(
    *, application: Application, answers: Mapping[int, str]
) -> list[ScreeningAnswer]:
    """Keep checked answers (from screening_answers_check) with each question's text
    as the applicant read it."""
    questions = ScreeningQuestion.objects.filter(job=application.job_id, pk__in=list(answers))
    by_pk = {question.pk: question for question in questions}
    if set(answers) - set(by_pk):
        raise ApplicationError(_("An answer is to a question this job does not ask."))
    return ScreeningAnswer.objects.bulk_create(
        ScreeningAnswer(
            application=application,
            question=question,
            question_text=question.text,
            answer=answers[question.pk],
        )
        for question in sorted(by_pk.values(), key=lambda q: (q.position, q.pk))
    )
