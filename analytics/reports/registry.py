"""The reports, each with who may open it and how it is built from a filter."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from analytics.reports.filters import ReportFilter
from analytics.reports.shapes import Report

VIEW_REPORTS = "analytics.view_reports"
VIEW_VALIDITY = "analytics.view_validity"
VIEW_FAIRNESS = "analytics.view_fairness"


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str | Promise
    summary: str | Promise
    permission: str
    # (filter, the request's query parameters) -> the report
    build: Callable[[ReportFilter, dict[str, str]], Report]
    pdf: bool = False
    order: int = 100
    # The period shown when the user gave no start (None: the filters' six months).
    default_days: int | None = None


_reports: dict[str, ReportSpec] = {}


def report_register(spec: ReportSpec) -> None:
    _reports[spec.key] = spec


def report_get(key: str) -> ReportSpec | None:
    return _reports.get(key)


def reports_all() -> list[ReportSpec]:
    return sorted(_reports.values(), key=lambda spec: spec.order)
