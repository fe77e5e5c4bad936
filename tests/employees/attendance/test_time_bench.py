"""The time and attendance benchmark (tests/bench/time_attendance.py) works: its
functions run here at a tiny size on the test database. Its figures are the
benchmark's business; nothing here is timed."""

import pytest
from django.utils import timezone

from employees.models import DailyResult, LeaveEntry, LeaveRequest, Punch
from employees.seeding.builder import seed_employees
from tests.bench import time_attendance as bench

pytestmark = pytest.mark.django_db

EMPLOYEES = 40
PUNCHES = 500
SAMPLE = 40


def test_the_benchmark_imports_recomputes_and_reads_at_a_tiny_size():
    today = timezone.localdate()
    seed_employees(count=EMPLOYEES, today=today, seed=1, outcomes=False)
    world = bench.world_make(today)
    people = len(world.employee_ids)
    # A year of leave: a grant for everyone, approved and pending requests.
    assert LeaveEntry.objects.filter(kind="grant").count() == people
    assert LeaveRequest.objects.filter(status="pending").count() == people
    assert (
        LeaveEntry.objects.filter(kind="taken").count()
        == LeaveRequest.objects.filter(status="approved", leave_type__code="annual").count()
    )

    imported, baseline = bench.punch_import_measure(world, PUNCHES, SAMPLE)
    # The import's rows and the baseline's sample, on other days: none twice.
    assert imported.rows == PUNCHES
    assert baseline.extrapolated
    assert baseline.rows == PUNCHES
    assert Punch.objects.count() == PUNCHES + SAMPLE

    recomputed, one_by_one = bench.recompute_measure(world, sample=5)
    assert recomputed.rows == people * bench.MONTH_DAYS
    assert DailyResult.objects.count() == people * bench.MONTH_DAYS
    assert DailyResult.objects.filter(first_in__isnull=False).exists()
    assert one_by_one.rows == recomputed.rows

    reads = bench.reads_measure(world, runs=2)
    assert [len(measure.times_ms) for measure in reads] == [2, 2, 2, 2]
    # Constant queries: leave_balances reads three times whatever the history.
    balances = next(m for m in reads if m.label.startswith("leave_balances"))
    assert balances.queries == 3
    # The pages answer 200 (page_measure raises otherwise) and are timed as often.
    pages = bench.pages_measure(world, runs=2)
    assert [len(measure.times_ms) for measure in pages] == [2, 2]
    assert all(measure.queries > 0 for measure in pages)
