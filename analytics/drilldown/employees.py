"""The employees behind a validity figure: the hires inside the filter with that
predictor's score and that outcome, found by the same rules that counted the pairs
(analytics.facts.validity), listed through the employees' scoped selector."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from analytics.facts.refresh import facts_state
from analytics.reports.filters import ReportFilter, report_filter_build
from analytics.reports.validity import DEFAULT_DAYS
from analytics.reports.validity_words import Names
from employees.selectors.hire_outcomes import HireRecord, hire_records, hires_listed
from hrflow.accounts.models import User
from hrflow.core.params import parse_page
from recruiting.selectors.reporting import application_jobs

NAV = "analytics:index"
PAGE = 50
# The address names a cohort that was not recorded as "-" (an empty value means "any").
NOT_RECORDED = "-"


@dataclass(frozen=True)
class HireFigure:
    employee_id: int
    score: Decimal
    value: Decimal


def employee_drill(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    state = facts_state()
    flt, form = report_filter_build(
        user, request.GET, sources=state.sources, vendors=state.vendors, default_days=DEFAULT_DAYS
    )
    predictor = request.GET.get("predictor", "")
    outcome = request.GET.get("outcome", "")
    if not predictor or not outcome:
        raise Http404
    behind = hires_behind(
        flt,
        predictor,
        outcome,
        model_version=request.GET.get("model_version", ""),
        job_family=request.GET.get("job_family", ""),
    )
    figures = {found.employee_id: found for found in behind}
    listed = hires_listed(user=user, employee_ids=figures)
    page = Paginator(listed, PAGE).get_page(parse_page(request.GET.get("page")))
    names = Names()
    return render(
        request,
        "analytics/drill_employees.html",
        {
            "page": page,
            "rows": [(person, figures[person.pk]) for person in page.object_list],
            "predictor_name": names.predictor(predictor),
            "outcome_name": names.outcome(outcome).name,
            "filter": flt,
            "form": form,
            "nav_current": NAV,
        },
    )


def hires_behind(
    flt: ReportFilter,
    predictor: str,
    outcome: str,
    *,
    model_version: str = "",
    job_family: str = "",
    today: date | None = None,
) -> list[HireFigure]:
    """The hires a validity figure counted: in scope and filters, hired in a month
    inside the period, with a score on `predictor` and a value of `outcome`."""
    records = hire_records(today=today)
    jobs = application_jobs(record.application_id for record in records)
    found = []
    for record in records:
        job_id, department_id, source = jobs.get(record.application_id, (None, None, ""))
        if not _inside(flt, record, job_id, department_id, source):
            continue
        if not _in_cohort(record.model_version, model_version) or not _in_cohort(
            record.job_family, job_family
        ):
            continue
        score = dict(record.scores).get(predictor)
        value = dict(record.outcomes).get(outcome)
        if score is not None and value is not None:
            found.append(HireFigure(record.employee_id, score, value))
    return found


def _inside(
    flt: ReportFilter,
    record: HireRecord,
    job_id: int | None,
    department_id: int | None,
    source: str,
) -> bool:
    """As ReportFilter.facts reads ValidityFact: scope, filters, month of hire."""
    month = record.hire_date.replace(day=1)
    if not flt.start <= month <= flt.end:
        return False
    if flt.visible_jobs is not None and job_id not in flt.visible_jobs:
        return False
    if flt.job_id is not None and job_id != flt.job_id:
        return False
    if flt.department_id is not None and department_id != flt.department_id:
        return False
    if flt.source and source[:60] != flt.source:
        return False
    return not flt.vendor or record.vendor[:120] == flt.vendor


def _in_cohort(value: str, wanted: str) -> bool:
    if not wanted:
        return True
    return value == ("" if wanted == NOT_RECORDED else wanted)
