"""The review pages of employees and managers: my reviews, the reviews I write, one
review with its goals, values and score, and the self review, manager review and
acknowledgement forms. A review outside the viewer's scope is 404."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.models import Review, ReviewerKind, TemplateSection
from employees.performance.answers import review_manager_submit, review_self_submit
from employees.performance.calibration import review_acknowledge
from employees.performance.forms import AnswersForm, ReviewerForm
from employees.performance.kpi import review_values
from employees.performance.review_page import review_page_context
from employees.performance.selectors import reviews_asked, reviews_own, reviews_to_write
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError

PAGE_SIZE = 50


@login_required
@require_GET
def my_reviews_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    to_write = Paginator(reviews_to_write(user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "own": list(reviews_own(user)[:PAGE_SIZE]),
        "asked": list(reviews_asked(user)[:PAGE_SIZE]),
        "to_write": to_write,
    }
    return render(request, "employees/performance/my_reviews.html", context)


def _review(request: HttpRequest, pk: int) -> Review:
    return get_scoped_or_404(
        Review.objects.select_related("cycle", "employee", "manager", "department", "template"),
        request.user,
        pk=pk,
    )


def _sections(review: Review) -> list[TemplateSection]:
    return list(
        TemplateSection.objects.filter(template_id=review.template_id).prefetch_related(
            "competencies"
        )
    )


@login_required
@require_GET
def review_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    review = _review(request, pk)
    sections = _sections(review)
    context: dict[str, Any] = review_page_context(review, user, sections)
    context["goal_rows"] = _goal_rows(context["goals"], review_values(review))
    if context["can_ask"]:
        context["reviewer_form"] = ReviewerForm()
    if context["can_self"]:
        context["form"] = AnswersForm(sections=sections, with_rating=False)
    elif context["can_manage"]:
        context["form"] = AnswersForm(sections=sections, with_rating=True)
    return render(request, "employees/performance/review_detail.html", context)


@login_required
@require_POST
def review_self_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answers_post(request, pk, ReviewerKind.SELF)


@login_required
@require_POST
def review_manager_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _answers_post(request, pk, ReviewerKind.MANAGER)


def _answers_post(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = cast(User, request.user)
    review = _review(request, pk)
    sections = _sections(review)
    form = AnswersForm(request.POST, sections=sections, with_rating=kind == ReviewerKind.MANAGER)
    if form.is_valid():
        try:
            if kind == ReviewerKind.MANAGER:
                review_manager_submit(
                    review=review,
                    user=user,
                    answers=form.answers(),
                    rating=form.cleaned_data["rating"],
                )
            else:
                review_self_submit(review=review, user=user, answers=form.answers())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review is submitted."))
            return redirect("employees:performance-review", pk=review.pk)
    context: dict[str, Any] = review_page_context(review, user, sections)
    context.update(form=form, goal_rows=_goal_rows(context["goals"], review_values(review)))
    return render(request, "employees/performance/review_detail.html", context, status=400)


@login_required
@require_POST
def review_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    try:
        review_acknowledge(review=review, user=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
    return redirect("employees:performance-review", pk=review.pk)


def _goal_rows(goals: list[Any], values: dict[int, list[Any]]) -> list[tuple[Any, list[Any]]]:
    """Each goal with its metric's values over the period (day, value)."""
    return [(goal, values.get(goal.metric_id, [])) for goal in goals]
