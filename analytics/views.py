"""The report pages: the index, one report (page or export), and the drill-down lists."""

from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analytics.exports.pdf import report_pdf
from analytics.exports.tabular import report_csv, report_xlsx
from analytics.facts.refresh import facts_state
from analytics.reports.filters import report_filter_build
from analytics.reports.registry import VIEW_REPORTS, ReportSpec, report_get, reports_all
from analytics.reports.shapes import Report
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User

NAV = "analytics:index"
FORMATS = ("csv", "xlsx", "pdf")


@permission_view(VIEW_REPORTS)
@require_GET
def report_index_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    reports = [spec for spec in reports_all() if user.has_perm(spec.permission)]
    return render(
        request,
        "analytics/index.html",
        {"reports": reports, "state": facts_state(), "nav_current": NAV},
    )


@permission_view(VIEW_REPORTS)
@require_GET
def report_view(request: HttpRequest, key: str) -> HttpResponse:
    spec = report_get(key)
    user = cast(User, request.user)
    if spec is None or not user.has_perm(spec.permission):
        raise Http404
    state = facts_state()
    flt, form = report_filter_build(
        user, request.GET, sources=state.sources, vendors=state.vendors, **spec_defaults(spec)
    )
    params = {k: v for k, v in request.GET.items() if isinstance(v, str)}
    report = spec.build(flt, params)
    wanted = request.GET.get("format", "")
    if wanted:
        return _export(report, wanted, allow_pdf=spec.pdf)
    return render(
        request,
        "analytics/report.html",
        {
            "spec": spec,
            "report": report,
            "form": form,
            "filter": flt,
            # A report's own choices (a question, a score to calibrate) go to the exports.
            "query": flt.query(
                **{**report.extra.get("query_params", {}), **report.extra.get("params", {})}
            ),
            "nav_current": NAV,
        },
    )


def spec_defaults(spec: ReportSpec) -> dict[str, int]:
    """The filter defaults a report asks for instead of the common ones."""
    return {"default_days": spec.default_days} if spec.default_days else {}


def _export(report: Report, wanted: str, *, allow_pdf: bool) -> HttpResponse:
    if wanted not in FORMATS or (wanted == "pdf" and not allow_pdf):
        return HttpResponse(_("Unknown export format."), status=400, content_type="text/plain")
    name = f"{report.key}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{wanted}"
    if wanted == "csv":
        body, content_type = report_csv(report), "text/csv; charset=utf-8"
    elif wanted == "xlsx":
        body = report_xlsx(report)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = report_pdf(report), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
