"""A job's screening questions: the list HR edits, and the apply form as applicants see it.

Every change (add, edit, move, remove) sends the whole edited list to
`screening_questions_save`, which keeps the order exactly as shown and retires
rather than deletes a question someone has answered.

Who may do what:
- The job's readers (its hiring managers too) see the questions and the preview.
- Its workers (HR admins and the job's recruiters: `job_for_work`) change them.
- Anyone else, and any job outside the user's scope: 404.
"""

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped_ids_or_404
from hrflow.core.errors import ApplicationError
from recruiting.models import Job, ScreeningQuestion
from recruiting.questions.forms import AnswerPreviewForm, QuestionForm
from recruiting.questions.services import (
    MAX_QUESTIONS,
    QuestionSpec,
    screening_questions_save,
)
from recruiting.selectors.jobs import job_get, user_can_work_on
from recruiting.views.access import form_errors_from, job_for_work, report_error, workspace_view

NEW_PREFIX = "new"


@workspace_view("recruiting.view_job")
@require_http_methods(["GET", "POST"])
def job_questions_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    if request.method == "POST":
        job = job_for_work(request, pk)
        can_work = True
    else:
        job = job_get(viewer=user, pk=pk)
        can_work = user_can_work_on(user, job)
    questions = list(ScreeningQuestion.objects.filter(job=job).active().with_answer_counts())
    add_form = QuestionForm(prefix=NEW_PREFIX)
    edit_forms: dict[int, QuestionForm] = {}
    if request.method == "POST":
        outcome = _change(request, job, questions)
        if outcome is None:
            return redirect("recruiting:job-questions", pk=job.pk)
        # A refused add or edit: the form comes back with its problems.
        if outcome.prefix == NEW_PREFIX:
            add_form = outcome
        elif (target := _target(request, job, questions)) is not None:
            edit_forms[target.pk] = outcome
    rows = [
        {"question": question, "form": edit_forms.get(question.pk) or _edit_form(question)}
        for question in questions
    ]
    context: dict[str, Any] = {
        "job": job,
        "rows": rows,
        "can_work": can_work,
        "add_form": add_form,
        "can_add": len(questions) < MAX_QUESTIONS,
        "max_questions": MAX_QUESTIONS,
        "edit_open": next(iter(edit_forms), None),
        "retired": list(ScreeningQuestion.objects.filter(job=job).retired().with_answer_counts()),
        "preview": AnswerPreviewForm(questions=questions, auto_id="preview_%s"),
    }
    return render(request, "recruiting/questions/edit.html", context)


def _edit_form(question: ScreeningQuestion) -> QuestionForm:
    return QuestionForm.for_question(question)


def _target(
    request: HttpRequest, job: Job, questions: list[ScreeningQuestion]
) -> ScreeningQuestion | None:
    """The question a button names: 404 unless it is one of this job's; None for one
    no longer asked (retired since the page was shown) or when none is named."""
    wanted = request.POST.get("question", "")
    if not wanted:
        return None
    [pk] = scoped_ids_or_404(job.screening_questions.all(), request.user, [wanted])
    return next((q for q in questions if q.pk == pk), None)


def _change(
    request: HttpRequest, job: Job, questions: list[ScreeningQuestion]
) -> QuestionForm | None:
    """Carry out the posted change; None when saved (or nothing to do, with a
    message), else the add or edit form with its problems."""
    action = request.POST.get("action", "")
    specs = [QuestionSpec.of(question) for question in questions]
    target = _target(request, job, questions)
    form = None
    if action == "add":
        form = QuestionForm(request.POST, prefix=NEW_PREFIX)
        if not form.is_valid():
            return form
        specs.append(form.spec())
    elif target is None:
        report_error(request, ApplicationError(_("This question is no longer on the list.")))
        return None
    elif action == "edit":
        form = QuestionForm(request.POST, prefix=f"edit{target.pk}")
        if not form.is_valid():
            return form
        specs[questions.index(target)] = form.spec(pk=target.pk)
    elif action in ("up", "down"):
        index = questions.index(target)
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(specs):
            return None
        specs[index], specs[other] = specs[other], specs[index]
    elif action == "remove":
        specs.pop(questions.index(target))
    else:
        report_error(request, ApplicationError(_("Unknown action.")))
        return None
    try:
        screening_questions_save(job=job, questions=specs, actor=cast(User, request.user))
    except ApplicationError as error:
        if form is None:
            report_error(request, error)
            return None
        form_errors_from(form, error)
        return form
    messages.success(request, _saved_message(action, target))
    return None


def _saved_message(action: str, target: ScreeningQuestion | None) -> str:
    if action == "add":
        return _("The question was added.")
    if action == "edit":
        return _("The question was saved.")
    if action == "remove" and target is not None and target.answer_count:  # type: ignore[attr-defined]
        return _("The question was retired: applicants no longer see it, and its answers stay.")
    if action == "remove":
        return _("The question was removed.")
    return _("The new order was saved.")
