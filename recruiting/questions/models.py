"""A job's screening questions, asked on the public apply form, and the answers given.

A question that has answers is retired (is_active=False), never deleted, and
each answer keeps the question's text as it was asked: HR may reword a
question later without changing what an applicant is on record as answering.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import ScopedQuerySet
from hrflow.core.models import BaseModel
from recruiting.models.jobs import Job

YES = "yes"
NO = "no"


class ScreeningQuestionQuerySet(ScopedQuerySet["ScreeningQuestion"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "ScreeningQuestionQuerySet":
        """A job's questions are seen by whoever sees the job."""
        return self.filter(job__in=Job.objects.all().scope_for(user, roles))

    def active(self) -> "ScreeningQuestionQuerySet":
        """The questions applicants are asked now, in their order on the form."""
        return self.filter(is_active=True).order_by("position", "pk")

    def retired(self) -> "ScreeningQuestionQuerySet":
        return self.filter(is_active=False).order_by("-updated_at", "-pk")

    def with_answer_counts(self) -> "ScreeningQuestionQuerySet":
        """Each question with `answer_count`: how many applicants answered it."""
        return self.annotate(answer_count=models.Count("answers"))


class ScreeningQuestion(BaseModel):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("One of several choices")
        NUMBER = "number", _("Number")

    job = models.ForeignKey(
        "recruiting.Job", on_delete=models.CASCADE, related_name="screening_questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=20, choices=Kind.choices)
    # The options of a single-choice question, in the order shown; empty otherwise.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    is_active = models.BooleanField(_("asked"), default=True)

    objects = ScreeningQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening question")
        verbose_name_plural = _("screening questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ScreeningAnswerQuerySet(ScopedQuerySet["ScreeningAnswer"]):
    def scope_for(
        self, user: AbstractBaseUser, roles: frozenset[Role]
    ) -> "ScreeningAnswerQuerySet":
        return self.filter(application__in=self.related_scope("application", user, roles))


class ScreeningAnswer(models.Model):
    """One applicant's answer to one question, with the question as it was asked."""

    application = models.ForeignKey(
        "recruiting.Application", on_delete=models.CASCADE, related_name="screening_answers"
    )
    question = models.ForeignKey(
        ScreeningQuestion, on_delete=models.PROTECT, related_name="answers"
    )
    question_text = models.CharField(_("question as asked"), max_length=300)
    answer = models.CharField(_("answer"), max_length=4000)
    created_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = ScreeningAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening answer")
        verbose_name_plural = _("screening answers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="recruiting_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_text}: {self.answer[:50]}"

    def answer_label(self) -> str:
        """The answer as people read it: a yes/no answer in the reader's language."""
        if self.question.kind == ScreeningQuestion.Kind.YES_NO:
            return str({YES: _("Yes"), NO: _("No")}.get(self.answer, self.answer))
        return self.answer
