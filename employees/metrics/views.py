"""HR's pages for the metric catalogue: list, add and edit metrics."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.metrics.forms import MetricForm
from employees.metrics.selectors import metric_list
from employees.metrics.services import metric_save
from employees.models import Metric
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

NAV_CURRENT = "employees:metric-list"


@permission_view("employees.change_metric")
@require_GET
def metric_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employees/metrics/list.html",
        {"metrics": metric_list(), "tab": "catalogue", "nav_current": NAV_CURRENT},
    )


@permission_view("employees.add_metric")
@require_http_methods(["GET", "POST"])
def metric_create_view(request: HttpRequest) -> HttpResponse:
    form = MetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            metric_save(metric=None, actor=cast(User, request.user), **form.cleaned_data)
        except ValidationError as error:
            _validation_add(form, error)
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Metric added."))
            return redirect("employees:metric-list")
    return _metric_page(request, form, None)


@permission_view("employees.change_metric")
@require_http_methods(["GET", "POST"])
def metric_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a metric, change its unit, direction or aggregation, retire or restore it."""
    metric = get_object_or_404(Metric, pk=pk)
    initial = {
        field: getattr(metric, field)
        for field in ("name_zh", "name_en", "unit", "direction", "aggregation", "is_active")
    }
    form = MetricForm(request.POST or None, initial=initial, metric=metric)
    if request.method == "POST" and form.is_valid():
        try:
            metric_save(
                metric=metric,
                code=metric.code,
                actor=cast(User, request.user),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _validation_add(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("employees:metric-list")
    return _metric_page(request, form, metric)


def _validation_add(form: MetricForm, error: ValidationError) -> None:
    """`full_clean`'s refusal (a code already in use) under the field it names."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _metric_page(request: HttpRequest, form: MetricForm, metric: Metric | None) -> HttpResponse:
    return render(
        request,
        "employees/metrics/metric_form.html",
        {
            "form": form,
            "metric": metric,
            "title": str(metric) if metric else _("New metric"),
            "nav_current": NAV_CURRENT,
        },
    )
