"""What analytics may read of employees to judge the AI scores: each hire's scores at hire
and what became of them, as plain records (no names).

An outcome is read at a fixed lag after hire (docs/ANALYTICS.md): the first
closed review's rating and KPI results, probation passed or not, and 6- and 12-month
retention, each known only once its months have passed or the person has left.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from employees.models import (
    Assignment,
    Employee,
    HiredAssessment,
    HiredDimensionScore,
    HireSnapshot,
    Outcome,
)
from hrflow.accounts.scoping import AnyUser

AI_INTERVIEW = "ai_interview"
RETENTION_DAYS = 365
RETENTION_6M_DAYS = 182


@dataclass
class HireRecord:
    employee_id: int
    application_id: int
    hire_date: date
    job_family: str
    # The vendor's source key, as the recruiting facts name it (their vendor filter).
    vendor: str
    model_version: str
    # ("overall", score) and (dimension code, score)
    scores: list[tuple[str, Decimal]] = field(default_factory=list)
    # (outcome code, value)
    outcomes: list[tuple[str, Decimal]] = field(default_factory=list)


def hires_changed_since(since: datetime) -> bool:
    return (
        HireSnapshot.objects.filter(created_at__gte=since).exists()
        or Outcome.objects.filter(recorded_at__gte=since).exists()
    )


def hire_records(*, today: date | None = None) -> list[HireRecord]:
    """Every employee hired through the pipeline with a scored AI interview."""
    today = today or timezone.localdate()
    snapshots = dict(HireSnapshot.objects.values_list("employee_id", "application_id"))
    if not snapshots:
        return []
    first_ai = (
        HiredAssessment.objects.filter(
            employee_id__in=list(snapshots), kind=AI_INTERVIEW, overall_score__isnull=False
        )
        .order_by("employee_id", "completed_at", "pk")
        .values_list("employee_id", "pk", "vendor_name", "source", "model_version", "overall_score")
    )
    records: dict[int, HireRecord] = {}
    assessment_of: dict[int, int] = {}
    people = dict(Employee.objects.filter(pk__in=list(snapshots)).values_list("pk", "hire_date"))
    families = _families_at_hire(list(snapshots))
    for employee_id, pk, vendor_name, source, model_version, score in first_ai:
        if employee_id in records or employee_id not in people or score is None:
            continue
        records[employee_id] = HireRecord(
            employee_id,
            snapshots[employee_id],
            people[employee_id],
            families.get(employee_id, ""),
            source or vendor_name,
            model_version,
            scores=[("overall", score)],
        )
        assessment_of[pk] = employee_id
    for assessment_id, code, score in (
        HiredDimensionScore.objects.filter(
            assessment_id__in=list(assessment_of), score__isnull=False
        )
        .exclude(dimension_code="")
        .values_list("assessment_id", "dimension_code", "score")
    ):
        if score is not None:
            records[assessment_of[assessment_id]].scores.append((code, score))
    _outcomes_read(records, today)
    return [records[pk] for pk in sorted(records)]


def _families_at_hire(employee_ids: list[int]) -> dict[int, str]:
    """The job family of each one's first job record."""
    found: dict[int, str] = {}
    rows = (
        Assignment.objects.filter(employee_id__in=employee_ids)
        .order_by("employee_id", "valid_from", "pk")
        .values_list("employee_id", "position__job_family")
    )
    for employee_id, family in rows:
        found.setdefault(employee_id, family or "")
    return found


def _outcomes_read(records: dict[int, HireRecord], today: date) -> None:
    reviewed: set[int] = set()
    probation: set[int] = set()
    left: dict[int, date] = {}
    rows = (
        Outcome.objects.filter(employee_id__in=list(records))
        .order_by("employee_id", "occurred_on", "pk")
        .values_list("employee_id", "kind", "occurred_on", "rating", "passed", "details")
    )
    for employee_id, kind, occurred_on, rating, passed, details in rows:
        record = records[employee_id]
        if kind == Outcome.Kind.REVIEW and employee_id not in reviewed and rating is not None:
            reviewed.add(employee_id)
            record.outcomes.append(("review_rating", Decimal(rating)))
            for kpi in (details or {}).get("kpi", []):
                value = _decimal(kpi.get("actual"))
                if value is not None and kpi.get("metric"):
                    record.outcomes.append((f"kpi:{kpi['metric']}", value))
        elif kind == Outcome.Kind.PROBATION and employee_id not in probation and passed is not None:
            probation.add(employee_id)
            record.outcomes.append(("probation_passed", Decimal(int(passed))))
        elif kind == Outcome.Kind.LEAVING:
            left.setdefault(employee_id, occurred_on)
    for employee_id, record in records.items():
        for code, days in (("retained_6m", RETENTION_6M_DAYS), ("retained_12m", RETENTION_DAYS)):
            retained = _retained(record.hire_date, left.get(employee_id), days, today)
            if retained is not None:
                record.outcomes.append((code, Decimal(int(retained))))


def _retained(hired: date, left_on: date | None, days: int, today: date) -> bool | None:
    """Still employed `days` after hire; None while that is not known yet."""
    horizon = hired + timedelta(days=days)
    if left_on is not None and left_on < horizon:
        return False
    if horizon <= today:
        return True
    return None


@dataclass(frozen=True)
class HireOutcome:
    """What became of one hire, whatever their AI interview: for the per-source view."""

    application_id: int
    hire_date: date
    # The source key of the first AI result copied at hire ("" without one).
    vendor: str
    retained_6m: bool | None
    first_rating: int | None


def hire_outcomes_all(*, today: date | None = None) -> list[HireOutcome]:
    """Every employee hired through the pipeline: 6-month retention and the first
    closed review's rating. Four queries."""
    today = today or timezone.localdate()
    snapshots = dict(HireSnapshot.objects.values_list("employee_id", "application_id"))
    if not snapshots:
        return []
    hired_on = dict(Employee.objects.filter(pk__in=list(snapshots)).values_list("pk", "hire_date"))
    vendors: dict[int, str] = {}
    for employee_id, source in (
        HiredAssessment.objects.filter(employee_id__in=list(snapshots), kind=AI_INTERVIEW)
        .order_by("employee_id", "completed_at", "pk")
        .values_list("employee_id", "source")
    ):
        vendors.setdefault(employee_id, source)
    ratings: dict[int, int] = {}
    left: dict[int, date] = {}
    for employee_id, kind, occurred_on, rating in (
        Outcome.objects.filter(
            employee_id__in=list(snapshots), kind__in=[Outcome.Kind.REVIEW, Outcome.Kind.LEAVING]
        )
        .order_by("employee_id", "occurred_on", "pk")
        .values_list("employee_id", "kind", "occurred_on", "rating")
    ):
        if kind == Outcome.Kind.REVIEW and rating is not None:
            ratings.setdefault(employee_id, rating)
        elif kind == Outcome.Kind.LEAVING:
            left.setdefault(employee_id, occurred_on)
    return [
        HireOutcome(
            application_id=snapshots[employee_id],
            hire_date=hire_date,
            vendor=vendors.get(employee_id, ""),
            retained_6m=_retained(hire_date, left.get(employee_id), RETENTION_6M_DAYS, today),
            first_rating=ratings.get(employee_id),
        )
        for employee_id, hire_date in sorted(hired_on.items())
    ]


def _decimal(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def hires_listed(*, user: AnyUser, employee_ids: Iterable[int]) -> QuerySet[Employee]:
    """Of these hires, the ones the user may see, with what a list shows of them."""
    return (
        Employee.objects.visible_to(user)
        .filter(pk__in=list(employee_ids))
        .only("pk", "number", "full_name", "hire_date")
        .order_by("-hire_date", "number")
    )
