"""The per-source outcome facts: each hire's 6-month retention and first review rating,
counted in the bucket of the application they were hired through, so the source view
can set them beside that bucket's applicants, offers and hires."""

from collections import Counter
from datetime import date

from analytics.facts.counting import local_day, week_of
from analytics.models import SourceOutcomeFact
from employees.selectors.hire_outcomes import hire_outcomes_all
from hrflow.core.pgcopy import line, lines_copy
from recruiting.selectors.reporting import application_buckets

KEY = ["job_id", "department_id", "cohort_week", "source", "vendor"]
SUMS = ["hires", "retained_known", "retained", "rated", "rating_sum"]


def source_outcomes_rebuild(*, today: date | None = None) -> int:
    """Count every hire's outcomes again; return the rows written."""
    hires = hire_outcomes_all(today=today)
    buckets = application_buckets(hire.application_id for hire in hires)
    sums: dict[tuple[object, ...], Counter[str]] = {}
    for hire in hires:
        found = buckets.get(hire.application_id)
        if found is None:
            continue  # the application is gone (erased): nothing to place it in
        job_id, department_id, source, applied_at = found
        key = (job_id, department_id, week_of(local_day(applied_at)), source[:60], hire.vendor[:80])
        row = sums.setdefault(key, Counter())
        row["hires"] += 1
        if hire.retained_6m is not None:
            row["retained_known"] += 1
            row["retained"] += int(hire.retained_6m)
        if hire.first_rating is not None:
            row["rated"] += 1
            row["rating_sum"] += hire.first_rating
    SourceOutcomeFact.objects.all().delete()
    return lines_copy(
        SourceOutcomeFact,
        KEY + SUMS,
        (line(*key, *(row[name] for name in SUMS)) for key, row in sums.items()),
    )
