"""The composite score sheet of a job, with sorting, filters and CSV/XLSX export."""

from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hrflow.accounts.models import User
from hrflow.core.params import parse_decimal, parse_id
from recruiting.exports import to_csv, to_xlsx
from recruiting.models import Application, Job
from recruiting.selectors.jobs import job_get
from recruiting.selectors.scores import (
    DIMENSION_SORT_PREFIX,
    MINIMUMS,
    PAGE_SIZE,
    SORTS,
    score_sheet_dimensions,
    score_sheet_queryset,
    score_sheet_rows,
)
from recruiting.views.access import workspace_view
from recruiting.views.paging import open_page

EXPORT_LIMIT = 50_000


# Minimum scores are on the 0-100 scale; anything else filters nothing.
SCORE_RANGE = {"lowest": Decimal(0), "highest": Decimal(100)}


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
    job = job_get(viewer=cast(User, request.user), pk=pk)
    filters = _filters(request, job)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(job, filters, export)
    # No total count: counting a 100,000-application job's rows cost more than the page;
    # the board and the jobs list show how many stand in each stage.
    page = open_page(score_sheet_queryset(job=job, **filters), request.GET.get("page"), PAGE_SIZE)
    rows = score_sheet_rows(list(page.object_list))
    context = {
        "job": job,
        "page": page,
        "rows": rows,
        "dimensions": score_sheet_dimensions(rows),
        "filters": filters,
        "query": request.GET.urlencode(),
        "stages": job.stages.all(),
        "statuses": Application.Status.choices,
    }
    return render(request, "recruiting/scores/sheet.html", context)


def _export(job: Job, filters: dict[str, Any], kind: str) -> HttpResponse:
    applications = list(score_sheet_queryset(job=job, **filters)[:EXPORT_LIMIT])
    score_rows = score_sheet_rows(applications)
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
        _("Composite score"),
    ]
    rows = (
        [
            row.application.candidate.full_name,
            row.application.candidate.email,
            row.application.candidate.phone,
            row.application.stage.name,
            row.application.get_status_display(),
            row.application.applied_at.date().isoformat(),
            row.application.ai_score,
            *[row.dimensions.get(d.code) for d in dimensions],
            row.application.resume_match_score,
            row.application.written_test_score,
            getattr(row.application, "composite", None),
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
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)
