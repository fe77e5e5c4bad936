"""The lists behind the figures: applications (recruiting reports) and employees
(validity). Scoped like everything else: a recruiter's list holds only their jobs'
applications, whatever the address names."""

from datetime import datetime, timedelta
from typing import cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from analytics.drilldown.employees import employee_drill
from analytics.drilldown.predicates import TESTS, drill_accepts
from analytics.facts.journeys import journey_of
from analytics.facts.refresh import facts_state, report_settings
from analytics.reports.filters import ReportFilter, report_filter_build
from analytics.reports.registry import VIEW_REPORTS, VIEW_VALIDITY
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.params import parse_id
from recruiting.selectors.reporting import application_records, drill_id_batch, drill_rows

NAV = "analytics:index"
PAGE = 50
BATCH = 1000
# A page scans at most this many applications; past it, the list offers to go on.
SCAN_LIMIT = 20_000


def _midnight(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))  # type: ignore[arg-type]


@permission_view(VIEW_REPORTS)
@require_GET
def application_drill_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    state = facts_state()
    flt, form = report_filter_build(user, request.GET, sources=state.sources, vendors=state.vendors)
    metric = request.GET.get("metric", "")
    if metric not in TESTS:
        raise Http404
    params = {k: v for k, v in request.GET.items() if isinstance(v, str)}
    matches, next_before, scanned = _scan(user, flt, metric, params, parse_id(params.get("before")))
    return render(
        request,
        "analytics/drill_applications.html",
        {
            "rows": drill_rows(matches, user),
            "metric": metric,
            "filter": flt,
            "form": form,
            "next_query": flt.query(**{**_figure(params), "before": next_before})
            if next_before
            else "",
            "scanned": scanned,
            "back": request.GET.get("back", ""),
            "nav_current": NAV,
        },
    )


def _figure(params: dict[str, str]) -> dict[str, str]:
    keep = (
        "metric", "period", "cohort", "stage", "rule_version", "stage_kind", "vendor", "job",
        "moment", "furthest", "outcome", "feedback_band",
        "day_from", "day_to", "event", "tth_start", "tth_end", "manual",
    )  # fmt: skip
    return {key: params[key] for key in keep if key in params}


def _scan(
    user: User, flt: ReportFilter, metric: str, params: dict[str, str], before: int | None
) -> tuple[list[int], int | None, int]:
    # Cohorts are weeks (Monday) inside the period: applications from the first Monday
    # on or after the start up to the Monday after the end's week.
    first = flt.start + timedelta(days=(7 - flt.start.weekday()) % 7)
    last = flt.end - timedelta(days=flt.end.weekday()) + timedelta(days=7)
    bounce = timedelta(minutes=report_settings().bounce_minutes)
    job = parse_id(params.get("job")) if "job" in params else flt.job_id
    matches: list[int] = []
    scanned = 0
    while len(matches) < PAGE and scanned < SCAN_LIMIT:
        ids = drill_id_batch(
            user=user,
            applied_from=_midnight(first),
            applied_before=_midnight(last),
            job_id=job,
            department_id=flt.department_id,
            source=flt.source,
            before_pk=before,
            batch=BATCH,
        )
        if not ids:
            return matches, None, scanned
        for record in sorted(application_records(ids), key=lambda r: -r.pk):
            if drill_accepts(journey_of(record, bounce=bounce), metric, params, flt):
                matches.append(record.pk)
                if len(matches) == PAGE:
                    return matches, record.pk, scanned
        before = ids[-1]
        scanned += len(ids)
    return matches, before, scanned


@permission_view(VIEW_VALIDITY)
@require_GET
def employee_drill_view(request: HttpRequest) -> HttpResponse:
    return employee_drill(request)
