"""The validity facts: (AI score, later outcome) pairs among hires, as counts per pair."""

from collections import Counter
from datetime import date, datetime

from analytics.facts.source_outcomes import source_outcomes_rebuild
from analytics.models import ValidityFact
from employees.selectors.hire_outcomes import hire_records, hires_changed_since
from hrflow.core.pgcopy import line, lines_copy
from recruiting.selectors.reporting import application_jobs

COLUMNS = [
    "job_id", "department_id", "source", "vendor", "model_version", "job_family",
    "hired_month", "predictor", "outcome", "x", "y", "count",
]  # fmt: skip


def validity_changed_since(since: datetime) -> bool:
    return hires_changed_since(since)


def validity_rebuild(*, today: date | None = None) -> int:
    """Count every hire's (score, outcome) pairs again; return the rows written."""
    records = hire_records(today=today)
    jobs = application_jobs(record.application_id for record in records)
    pairs: Counter[tuple[object, ...]] = Counter()
    for record in records:
        job_id, department_id, source = jobs.get(record.application_id, (None, None, ""))
        month = record.hire_date.replace(day=1)
        for predictor, x in record.scores:
            for outcome, y in record.outcomes:
                key = (
                    job_id, department_id, source[:60], record.vendor[:120],
                    record.model_version[:80], record.job_family[:80], month,
                    predictor[:40], outcome[:60], x, y,
                )  # fmt: skip
                pairs[key] += 1
    ValidityFact.objects.all().delete()
    written = lines_copy(ValidityFact, COLUMNS, (line(*key, n) for key, n in pairs.items()))
    # The hires' outcomes by source change exactly when the validity pairs do.
    return written + source_outcomes_rebuild(today=today)
