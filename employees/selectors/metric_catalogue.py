"""The metric catalogue as other apps read it: each metric's name and which way is
better (reports must say "fewer incidents" is good, not bad)."""

from dataclasses import dataclass

from employees.models import Metric
from employees.models.metrics import Direction

LOWER_IS_BETTER = Direction.LOWER.value


@dataclass(frozen=True)
class MetricEntry:
    code: str
    name: str
    lower_is_better: bool


def metric_catalogue() -> dict[str, MetricEntry]:
    """Every metric by code, named in the reader's language."""
    return {
        metric.code: MetricEntry(metric.code, str(metric), metric.direction == LOWER_IS_BETTER)
        for metric in Metric.objects.all()
    }
