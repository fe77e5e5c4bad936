"""Validity facts written straight into the fact tables, for checks of the report's
statistics (the facts' own building is checked from real hires in test_validity)."""

import random
from collections import Counter
from datetime import date
from decimal import Decimal

from analytics.models import ApplicantScoreFact, ValidityFact
from analytics.reports.filters import ReportFilter

JOB = 1
MONTH = date(2024, 3, 1)
WEEK = date(2024, 1, 1)


def wide_filter(visible_jobs: frozenset[int] | None = None) -> ReportFilter:
    return ReportFilter(start=date(2023, 1, 1), end=date(2025, 1, 1), visible_jobs=visible_jobs)


def pairs_write(
    pairs: list[tuple[float, float]],
    *,
    predictor: str = "overall",
    outcome: str = "review_rating",
    job_id: int = JOB,
    model_version: str = "v1",
    job_family: str = "ops",
) -> None:
    """Each (x, y) as a count per exact pair, as the refresh writes them."""
    counted = Counter((round(x, 2), round(y, 4)) for x, y in pairs)
    ValidityFact.objects.bulk_create(
        ValidityFact(
            job_id=job_id, department_id=None, source="site", vendor="conn:test",
            model_version=model_version, job_family=job_family, hired_month=MONTH,
            predictor=predictor, outcome=outcome, x=Decimal(str(x)), y=Decimal(str(y)), count=n,
        )
        for (x, y), n in counted.items()
    )  # fmt: skip


def applicants_write(scores: list[float], *, predictor: str = "overall", job_id: int = JOB) -> None:
    ApplicantScoreFact.objects.create(
        job_id=job_id, department_id=None, cohort_week=WEEK, source="site", vendor="conn:test",
        predictor=predictor, n=len(scores), total=sum(scores),
        total_squares=sum(score * score for score in scores),
    )  # fmt: skip


def correlated(n: int, r: float, seed: int) -> list[tuple[float, float]]:
    """n (score, outcome) pairs drawn with true correlation r, scores on 0..100 (2 dp)."""
    rng = random.Random(seed)
    found = []
    for _ in range(n):
        z = rng.gauss(0, 1)
        e = rng.gauss(0, 1)
        score = round(60 + 10 * z, 2)
        outcome = round(r * z + (1 - r * r) ** 0.5 * e, 4)
        found.append((score, outcome))
    return found
