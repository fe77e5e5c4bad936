"""Peer and upward reviewers: HR asks someone, the person asked answers.

The person asked sees only whose review it is and the template's items: not the
employee's other answers, and never who else was asked."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from employees.models import Review, ReviewerAssignment, TemplateSection
from employees.performance.answers import review_reviewer_submit, reviewer_assign
from employees.performance.forms import AnswersForm, ReviewerForm
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id


@permission_view("employees.change_reviewcycle")
@require_POST
def reviewer_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = Review.objects.filter(pk=pk).first()
    if review is None:
        raise Http404
    form = ReviewerForm(request.POST)
    reviewer = None
    if form.is_valid():
        reviewer = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
    if reviewer is None:
        messages.error(request, _("No active account has that e-mail."))
        return redirect("employees:performance-review", pk=review.pk)
    try:
        reviewer_assign(
            review=review,
            reviewer=reviewer,
            kind=form.cleaned_data["kind"],
            actor=cast(User, request.user),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reviewer is asked."))
    return redirect("employees:performance-review", pk=review.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the person asked opens it; anyone else gets 404, as for a missing one."""
    user = cast(User, request.user)
    assignment = (
        ReviewerAssignment.objects.select_related("review__employee", "review__cycle")
        .filter(pk=pk if parse_id(pk) else 0, reviewer=user)
        .first()
    )
    if assignment is None:
        raise Http404
    sections = list(
        TemplateSection.objects.filter(template_id=assignment.review.template_id)
        .prefetch_related("competencies")
    )  # fmt: skip
    form = AnswersForm(request.POST or None, sections=sections, with_rating=False)
    if request.method == "POST" and assignment.submitted_at is None and form.is_valid():
        try:
            review_reviewer_submit(assignment=assignment, user=user, answers=form.answers())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you: your answers are in, without your name."))
            return redirect("employees:performance-my-reviews")
    context = {"assignment": assignment, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "employees/performance/reviewer_answer.html", context, status=status)
