"""The composite score sheet of a job, with sorting, filters, its weights and CSV/XLSX export."""

from decimal import Decimal
from typing import Any, cast
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_decimal, parse_id
from hrflow.core.spreadsheets import to_csv, to_xlsx
from recruiting.composite import composite_formula
from recruiting.models import Application, Job
from recruiting.selectors.jobs import job_get, user_can_work_on
from recruiting.selectors.scores import (
    DIMENSION_SORT_PREFIX,
    MINIMUMS,
    PAGE_SIZE,
    SORTS,
    ScoreRow,
    score_sheet_dimensions,
    score_sheet_queryset,
    score_sheet_rows,
)
from recruiting.services.composite_weights import job_set_composite_weights
from recruiting.views.access import report_error, workspace_view
from recruiting.views.paging import open_page

EXPORT_LIMIT = 50_000


# Minimum scores are on the 0-100 scale; anything else filters nothing.
SCORE_RANGE = {"lowest": Decimal(0), "highest": Decimal(100)}


class WeightsForm(forms.Form):
    ai_interview = forms.IntegerField(
        label=gettext_lazy("AI interview"), min_value=0, max_value=100
    )
    written_test = forms.IntegerField(
        label=gettext_lazy("Written test"), min_value=0, max_value=100
    )
    resume_match = forms.IntegerField(
        label=gettext_lazy("Resume match"), min_value=0, max_value=100
    )


def _filters(request: HttpRequest, job: Job) -> dict[str, Any]:
    stage = request.GET.get("stage", "")
    status = request.GET.get("status", "")
    sort = request.GET.get("sort", "composite")
    if not (sort in SORTS or sort.startswith(DIMENSION_SORT_PREFIX)):
        sort = "composite"
    return {
        "sort": sort,
        "descending": request.GET.get("dir", "desc") != "asc",
        "stage_id": parse_id(stage),
        "status": status if status in Application.Status.values else "",
        "minimums": {key: parse_decimal(request.GET.get(key), **SCORE_RANGE) for key in MINIMUMS},
    }


@workspace_view("recruiting.view_application")
@require_GET
def score_sheet_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    filters = _filters(request, job)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(job, filters, export)
    # No total count: counting a 100,000-application job's rows cost more than the page;
    # the board and the jobs list show how many stand in each stage.
    page = open_page(score_sheet_queryset(job=job, **filters), request.GET.get("page"), PAGE_SIZE)
    rows = score_sheet_rows(job, list(page.object_list))
    can_weigh = user.has_perm("recruiting.change_job") and user_can_work_on(user, job)
    context = {
        "job": job,
        "page": page,
        "rows": rows,
        "dimensions": score_sheet_dimensions(rows),
        "filters": filters,
        "formula": composite_formula(job),
        "query": request.GET.urlencode(),
        "stages": job.stages.all(),
        "statuses": Application.Status.choices,
        "weights_form": _weights_form(job) if can_weigh else None,
    }
    return render(request, "recruiting/scores/sheet.html", context)


def _weights_form(job: Job, data: Any = None) -> WeightsForm:
    return WeightsForm(
        data,
        initial={
            "ai_interview": job.weight_ai_interview,
            "written_test": job.weight_written_test,
            "resume_match": job.weight_resume_match,
        },
    )


@workspace_view("recruiting.change_job")
@require_POST
def score_weights_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    if not user_can_work_on(user, job):
        raise Http404
    form = _weights_form(job, request.POST)
    if not form.is_valid():
        messages.error(request, _("Each weight is a whole number from 0 to 100."))
    else:
        try:
            job_set_composite_weights(job=job, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Weights saved; the composite scores are recomputed."))
    return redirect("recruiting:score-sheet", pk=job.pk)


def composite_cell(row: ScoreRow) -> Decimal | str:
    """The composite as a file shows it: the number, or the word "incomplete"."""
    if row.composite is not None:
        return row.composite
    return pgettext("composite score", "Incomplete")


def _export(job: Job, filters: dict[str, Any], kind: str) -> HttpResponse:
    applications = list(score_sheet_queryset(job=job, **filters)[:EXPORT_LIMIT])
    score_rows = score_sheet_rows(job, applications)
    dimensions = score_sheet_dimensions(score_rows)
    header = [
        _("Candidate"),
        _("E-mail"),
        _("Phone"),
        _("Stage"),
        _("Status"),
        _("Applied"),
        _("AI interview"),
        *[str(d) for d in dimensions],
        _("Resume match"),
        _("Written test"),
        _("Composite score (%(formula)s)") % {"formula": composite_formula(job)},
        _("Missing for the composite"),
    ]
    rows = (
        [
            row.application.candidate.shown_name,
            row.application.candidate.email,
            row.application.candidate.phone,
            row.application.stage.name,
            row.application.get_status_display(),
            row.application.applied_at.date().isoformat(),
            row.ai,
            *[row.dimensions.get(d.code) for d in dimensions],
            row.resume,
            row.written,
            composite_cell(row),
            row.missing_text,
        ]
        for row in score_rows
    )
    name = slugify(job.title, allow_unicode=True) or f"job-{job.pk}"
    if kind == "csv":
        response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
        filename = f"{name}-scores.csv"
    else:
        response = HttpResponse(
            to_xlsx(header, rows, title=_("Score sheet")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"{name}-scores.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
