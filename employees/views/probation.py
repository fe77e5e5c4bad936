"""Probation review pages: what is due for the signed-in manager (HR: all), and the decision."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.forms.probation import ProbationDecisionForm
from employees.selectors.contracts import probation_latest_end
from employees.selectors.probation import probation_review_get, probation_reviews_list
from employees.services.probation import probation_end, probation_extend, probation_pass
from employees.views.staff_access import manager_or_permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

# The decided tab shows the latest; the open list is as long as it is (two weeks' worth).
DECIDED_SHOWN = 50


@manager_or_permission_view("employees.view_probationreview")
@require_GET
def probation_list_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    decided = request.GET.get("show") == "decided"
    rows = probation_reviews_list(viewer=user, decided=decided)
    context = {
        "rows": list(rows[:DECIDED_SHOWN]) if decided else list(rows),
        "decided": decided,
        "today": timezone.localdate(),
    }
    return render(request, "employees/probation/list.html", context)


@manager_or_permission_view("employees.view_probationreview")
@require_http_methods(["GET", "POST"])
def probation_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    review = probation_review_get(viewer=user, pk=pk)
    form = ProbationDecisionForm(request.POST or None)
    if request.method == "POST" and not review.outcome and form.is_valid():
        try:
            _decide(review, form.cleaned_data, user)
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("The probation decision is recorded."))
            return redirect("employees:probation-list")
    context = {
        "review": review,
        "form": form,
        "latest_end": probation_latest_end(review.contract),
        "today": timezone.localdate(),
    }
    return render(request, "employees/probation/decide.html", context)


def _decide(review, data: dict, user: User) -> None:  # type: ignore[no-untyped-def]
    outcome, reason = data["outcome"], data["reason"]
    if outcome in (ProbationDecisionForm.PASSED, ProbationDecisionForm.PASSED_EARLY):
        probation_pass(
            review=review,
            actor=user,
            early=outcome == ProbationDecisionForm.PASSED_EARLY,
            reason=reason,
        )
    elif outcome == ProbationDecisionForm.EXTEND:
        probation_extend(
            review=review, new_end_date=data["new_end_date"], reason=reason, actor=user
        )
    else:
        probation_end(review=review, last_day=data["last_day"], reason=reason, actor=user)
