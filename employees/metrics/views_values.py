"""Metric values: the list (scoped: HR all, a manager their reports, everyone their own),
HR's file import with its report, and HR's entry of one value by hand."""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.metrics.forms import MetricFileForm, MetricValueForm
from employees.metrics.importing import TEMPLATE_HEADER, FileRefused, metric_file_import
from employees.metrics.selectors import (
    ValueFilters,
    metric_codes_active,
    metric_import_list,
    metric_list,
    metric_value_list,
)
from employees.metrics.services import metric_value_set, writable_employees
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page
from hrflow.core.request_body import accepts_upload
from hrflow.core.tabular import MAX_TABLE_BYTES

PER_PAGE = 50
# A refused file's report shows this many problems on the page (and counts them all).
REPORT_SHOWN = 500


class ValueFilterForm(forms.Form):
    """The list's filters; one that does not read is left out, never an error page."""

    metric = forms.SlugField(required=False, max_length=40)
    employee = forms.CharField(required=False, max_length=20)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)

    def filters(self) -> ValueFilters:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return ValueFilters(
            metric=data["metric"] or "",
            employee=(data["employee"] or "").strip(),
            start=data["start"],
            end=data["end"],
        )


@login_required
@require_GET
def metric_value_list_view(request: HttpRequest) -> HttpResponse:
    """The values the viewer may see over a period, newest day first."""
    filter_form = ValueFilterForm(request.GET)
    values = metric_value_list(viewer=request.user, filters=filter_form.filters())
    page = Paginator(values, PER_PAGE).get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "employees/metrics/values.html",
        {
            "page": page,
            "filter_form": filter_form,
            "metrics": metric_list(),
            "can_write": request.user.has_perm("employees.add_metricvalue"),
            "tab": "values",
            "nav_current": "employees:metric-list",
        },
    )


@accepts_upload(max_file_bytes=MAX_TABLE_BYTES)
@permission_view("employees.add_metricimport")
@require_http_methods(["GET", "POST"])
def metric_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a file; a good one is stored whole, a bad one is listed row by row."""
    form = MetricFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = metric_file_import(
                name=upload.name, data=upload.read(), actor=cast(User, request.user)
            )
        except FileRefused as refused:
            context = {
                "refused": refused,
                "report": refused.lines[:REPORT_SHOWN],
                "report_more": max(len(refused.lines) - REPORT_SHOWN, 0),
            }
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            stored = imported.stored
            messages.success(
                request,
                _("%(rows)s rows imported: %(new)s new, %(changed)s changed, %(same)s unchanged.")
                % {
                    "rows": imported.batch.rows,
                    "new": stored.inserted,
                    "changed": stored.updated,
                    "same": stored.unchanged,
                },
            )
            return redirect("employees:metric-import")
    return render(
        request,
        "employees/metrics/import.html",
        {
            "form": form,
            "imports": metric_import_list()[:20],
            "tab": "import",
            "nav_current": "employees:metric-list",
            **context,
        },
    )


@permission_view("employees.add_metricvalue")
@require_http_methods(["GET", "POST"])
def metric_value_enter_view(request: HttpRequest) -> HttpResponse:
    """Enter or correct one value; the change is audited with the old value."""
    user = cast(User, request.user)
    form = MetricValueForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        employee = writable_employees(user).filter(number=data["employee"].strip()).first()
        if employee is None:
            form.add_error("employee", _("No employee has the number %(number)s.")
                           % {"number": data["employee"]})  # fmt: skip
        else:
            try:
                metric_value_set(
                    employee=employee, metric=data["metric"], on=data["on"],
                    value=data["value"], actor=user,
                )  # fmt: skip
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("Value saved."))
                query = urlencode({"employee": employee.number, "metric": data["metric"].code})
                return redirect(f"{reverse('employees:metric-value-list')}?{query}")
    return render(
        request,
        "employees/metrics/enter.html",
        {"form": form, "tab": "enter", "nav_current": "employees:metric-list"},
    )


@permission_view("employees.add_metricimport")
@require_GET
def metric_import_template_view(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the import reads and one example row per active metric.

    UTF-8 with a byte-order mark: Excel opens it with the Chinese headers intact.
    """
    header = ",".join(TEMPLATE_HEADER)
    day = timezone.localdate().isoformat()
    examples = [f"E000001,张三,{code},{day},0" for code in metric_codes_active()]
    response = HttpResponse(
        "\ufeff" + "\r\n".join([header, *examples]) + "\r\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="kpi-template.csv"'
    return response


def _initial(request: HttpRequest) -> dict[str, str]:
    """A correction link carries the value's employee, metric and day."""
    return {
        key: request.GET[key][:40]
        for key in ("employee", "metric", "on")
        if isinstance(request.GET.get(key), str)
    }
