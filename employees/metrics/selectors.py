"""What the metric pages and the API read: the catalogue, values (scoped), imports."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from employees.models import Metric, MetricImport, MetricValue
from hrflow.accounts.scoping import AnyUser, scoped


def metric_list(*, active_only: bool = False) -> QuerySet[Metric]:
    """The catalogue, active metrics first (one query)."""
    metrics = Metric.objects.order_by("-is_active", "code")
    return metrics.filter(is_active=True) if active_only else metrics


def metric_codes_active() -> list[str]:
    return list(
        Metric.objects.filter(is_active=True).order_by("code").values_list("code", flat=True)
    )


@dataclass(frozen=True)
class ValueFilters:
    metric: str = ""  # a metric code
    employee: str = ""  # an employee number
    start: date | None = None
    end: date | None = None


def metric_value_list(*, viewer: AnyUser, filters: ValueFilters) -> QuerySet[MetricValue]:
    """The values `viewer` may see (HR all, a manager their reports', everyone their own),
    newest day first, with metric and employee joined (one query per page)."""
    values = scoped(MetricValue.objects.all(), viewer).select_related("metric", "employee")
    if filters.metric:
        values = values.filter(metric__code=filters.metric)
    if filters.employee:
        values = values.filter(employee__number=filters.employee)
    if filters.start:
        values = values.filter(on__gte=filters.start)
    if filters.end:
        values = values.filter(on__lte=filters.end)
    return values.order_by("-on", "employee__number", "metric__code")


def metric_import_list() -> QuerySet[MetricImport]:
    """Accepted files, newest first, with who sent them."""
    return MetricImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")
