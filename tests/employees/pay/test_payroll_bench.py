"""The payroll benchmark (tests/bench/payroll_run.py) works: its functions run here at a
tiny size on the test database. Its figures are the benchmark's business; nothing here
is timed."""

import argparse
from datetime import date

import pytest

from employees.models import LeaveRequest, OvertimeRequest, PayrollRun, Payslip
from employees.seeding.builder import seed_employees
from tests.bench import payroll_run as bench

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 16)


def test_the_benchmark_pays_two_months_and_its_baseline_agrees_at_a_tiny_size():
    seed_employees(count=80, today=TODAY, seed=2, outcomes=False)
    months = bench._months(TODAY)
    bench.attendance_inputs_make(months, TODAY)
    assert OvertimeRequest.objects.filter(status="approved", compensation="pay").exists()
    assert LeaveRequest.objects.filter(leave_type__code="personal", status="approved").exists()
    args = argparse.Namespace(repeat=2, baseline_sample=15, profile=False)

    january = bench.month_measure(months[0], args, first=True)
    february = bench.month_measure(months[1], args, first=False)

    # Both months locked (and verified identical, which month_measure asserts).
    assert set(PayrollRun.objects.values_list("status", flat=True)) == {"locked"}
    for result in (january, february):
        assert result.payslips == Payslip.objects.filter(run__month=result.month).count() > 40
        # A fixed number of queries for three groups (the 10,000 run makes about 100).
        assert result.run.queries is not None
        assert 30 < result.run.queries < 200
        assert "15/15 identical" in result.baseline.note
    assert {timed.label for timed in january.breakdown} >= {
        "read the inputs (group_month_inputs)",
        "compute (group_payslips)",
        "payslips and lines written (COPY)",
    }
    memory = next(timed for timed in january.steps if timed.peak_mb is not None)
    assert memory.peak_mb > 0
    # The rolled-back repetitions and the breakdown left one run per group and month.
    assert PayrollRun.objects.filter(month=months[0]).count() == 3
