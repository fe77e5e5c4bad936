"""HR's review pages: the cycles, opening one, its overview, calibration and closing.

Every page reads a fixed number of queries whatever the cycle's size: progress and
the rating distributions are one grouped query each, and reviews come a page at a
time.
"""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import Employee, Review, ReviewCycle
from employees.performance.calibration import (
    review_cycle_calibration_start,
    review_cycle_close,
    review_rating_calibrate,
)
from employees.performance.cycles import CycleInput, GoalPlan, GoalSpec, review_cycle_open
from employees.performance.forms import CalibrateForm, CycleOpenForm
from employees.performance.selectors import (
    cycle_list,
    cycle_progress,
    cycle_reviews,
    names_of,
    rating_distribution,
)
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.org.models import Department

MANAGE = "employees.change_reviewcycle"
PAGE_SIZE = 50


@permission_view(MANAGE)
@require_GET
def cycle_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(cycle_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employees/performance/cycle_list.html", {"page": page})


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def cycle_open_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = CycleOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = review_cycle_open(cycle=_cycle_input(data), actor=user, goals=_plan(data))
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("The cycle is open: every review is waiting."))
            return redirect("employees:performance-cycle", pk=cycle.pk)
    return render(request, "employees/performance/cycle_open.html", {"form": form})


def _cycle_input(data: dict) -> CycleInput:  # type: ignore[type-arg]
    return CycleInput(
        name=data["name"],
        kind=data["kind"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        template=data["template"],
        department=data["department"],
        self_review=data["self_review"],
        peer_review=data["peer_review"],
        upward_review=data["upward_review"],
    )


def _plan(data: dict) -> GoalPlan | None:  # type: ignore[type-arg]
    """The form's one goal for everyone in the cycle: on its department, else on every
    top department."""
    metric = data["metric"]
    if metric is None:
        return None
    spec = GoalSpec(
        metric_id=metric.pk, direction=metric.direction, target=data["target"], bands=data["bands"]
    )
    tops = (
        [data["department"].pk]
        if data["department"]
        else list(Department.objects.filter(parent=None).values_list("pk", flat=True))
    )
    return GoalPlan(by_department={pk: [spec] for pk in tops})


@permission_view(MANAGE)
@require_GET
def cycle_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    page = Paginator(cycle_reviews(cycle), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"cycle": cycle, "progress": cycle_progress(cycle), "page": page}
    return render(request, "employees/performance/cycle_detail.html", context)


@permission_view(MANAGE)
@require_GET
def calibration_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    by_department = rating_distribution(cycle, "department")
    by_manager = rating_distribution(cycle, "manager")
    page = Paginator(cycle_reviews(cycle), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "cycle": cycle,
        "ratings": list(range(1, 6)),
        "departments": _table(by_department, names_of(Department, by_department)),
        "managers": _table(by_manager, names_of(Employee, by_manager)),
        "page": page,
        "form": CalibrateForm(),
    }
    return render(request, "employees/performance/calibration.html", context)


def _table(
    counts: dict[int | None, dict[int | None, int]], names: dict[int, str]
) -> list[tuple[str, list[int], int]]:
    """Rows of (name, count per rating 1..5, unrated) sorted by name."""
    rows = [
        (
            names.get(group or 0, "–"),
            [by_rating.get(rating, 0) for rating in range(1, 6)],
            by_rating.get(None, 0),
        )
        for group, by_rating in counts.items()
    ]
    return sorted(rows)


@permission_view(MANAGE)
@require_POST
def review_calibrate_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    review = get_object_or_404(Review.objects.select_related("cycle"), pk=pk)
    form = CalibrateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a rating from 1 to 5 and say why."))
    else:
        try:
            review_rating_calibrate(
                review=review,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
                actor=user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The final rating is changed."))
    return redirect("employees:performance-calibration", pk=review.cycle_id)


@permission_view(MANAGE)
@require_POST
def cycle_calibration_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    try:
        review_cycle_calibration_start(cycle=cycle, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Every review is scored; the cycle is in calibration."))
    return redirect("employees:performance-calibration", pk=cycle.pk)


@permission_view(MANAGE)
@require_POST
def cycle_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(ReviewCycle, pk=pk)
    try:
        review_cycle_close(cycle=cycle, actor=cast(User, request.user))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The cycle is closed: final ratings are locked."))
    return redirect("employees:performance-cycle", pk=cycle.pk)
