"""How the validity report names predictors and outcomes, and says in plain words
which way a score went with an outcome, the right way round for outcomes where less
is better (safety incidents, defects)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from employees.selectors.metric_catalogue import metric_catalogue
from hrflow.competencies.selectors import dimension_names

OVERALL = "overall"
REVIEW = "review_rating"
PROBATION = "probation_passed"
RETAINED = "retained_12m"
RETAINED_6M = "retained_6m"
KPI_PREFIX = "kpi:"
# A metric missing from the catalogue: a code naming incidents is read as "fewer is
# better" all the same.
LOWER_BY_NAME = ("incident", "defect", "accident", "complaint")


@dataclass(frozen=True)
class OutcomeName:
    code: str
    name: str
    lower_is_better: bool = False
    # KPI metrics are counts or amounts ("fewer incidents", "more output").
    is_kpi: bool = False
    is_binary: bool = False


class Names:
    """Names read once per report: dimensions and metrics in the reader's language."""

    def __init__(self) -> None:
        self.dimensions = dimension_names()
        self.metrics = metric_catalogue()

    def predictor(self, code: str) -> str:
        if code == OVERALL:
            return _("Overall AI score")
        return self.dimensions.get(code, code)

    def outcome(self, code: str) -> OutcomeName:
        if code == REVIEW:
            return OutcomeName(code, _("First review rating"))
        if code == PROBATION:
            return OutcomeName(code, _("Probation passed"), is_binary=True)
        if code == RETAINED:
            return OutcomeName(code, _("Stayed 12 months"), is_binary=True)
        if code == RETAINED_6M:
            return OutcomeName(code, _("Stayed 6 months"), is_binary=True)
        metric = code.removeprefix(KPI_PREFIX)
        entry = self.metrics.get(metric)
        if entry is not None:
            return OutcomeName(code, entry.name, entry.lower_is_better, is_kpi=True)
        lower = any(word in metric for word in LOWER_BY_NAME)
        return OutcomeName(code, metric, lower, is_kpi=True)


def direction_words(outcome: OutcomeName, r: float) -> str:
    """'higher scores went with ...' for the sign of r, the right way round."""
    up = r > 0
    if outcome.code == REVIEW:
        return (
            _("higher scores went with higher first review ratings")
            if up
            else _("higher scores went with lower first review ratings")
        )
    if outcome.code == PROBATION:
        return (
            _("higher scores went with passing probation more often")
            if up
            else _("higher scores went with passing probation less often")
        )
    if outcome.code == RETAINED:
        return (
            _("higher scores went with staying 12 months more often")
            if up
            else _("higher scores went with staying 12 months less often")
        )
    if outcome.lower_is_better:
        words = (
            _("higher scores went with more %(outcome)s (fewer is better)")
            if up
            else _("higher scores went with fewer %(outcome)s (fewer is better)")
        )
    else:
        words = (
            _("higher scores went with higher %(outcome)s")
            if up
            else _("higher scores went with lower %(outcome)s")
        )
    return words % {"outcome": outcome.name}


def goes_the_right_way(outcome: OutcomeName, r: float) -> bool:
    """A good predictor's score rises with a good outcome."""
    return (r < 0) if outcome.lower_is_better else (r > 0)


def signed(value: float) -> str:
    """-0.41 with a true minus sign, as printed statistics write it."""
    return f"{value:.2f}".replace("-", "−")
