"""The demo shows a validity result for its hired employees (issue 17 point 14): the
plant's hiring drive, reviewed in the closed cycle, whose safety incidents fall as
their AI safety-awareness score rises."""

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from analytics.facts.refresh import refresh_run
from analytics.reports.filters import ReportFilter
from analytics.reports.validity import DEFAULT_DAYS, validity_report
from hrflow.accounts.demo import demo_accounts_ensure
from hrflow.org.demo import demo_org_ensure
from recruiting.demo.data import demo_data_ensure

pytestmark = pytest.mark.django_db
APPLICATIONS = 150


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_the_demo_hires_safety_score_goes_with_fewer_incidents() -> None:
    demo_accounts_ensure(password="demo-password-for-tests")
    demo_org_ensure(language="zh-hans")
    demo_data_ensure(language="zh-hans", applications=APPLICATIONS)
    refresh_run(full=True)
    today = timezone.localdate()
    flt = ReportFilter(start=today - timedelta(days=DEFAULT_DAYS), end=today, visible_jobs=None)

    report = validity_report(flt, {})

    table = next(table for table in report.tables if table.key == "correlations")
    rows = {row[0].text: row for row in table.rows}
    safety = rows["Safety awareness × Safety incidents"]
    # About ninety of the drive's hires are reviewed; r was -0.79 when this was written.
    assert safety[1].value >= 85
    assert safety[2].value < -0.6
    assert safety[4].text.startswith("−")  # the correction, beside the observed r
    assert any(
        line.startswith("Safety awareness: higher scores went with fewer Safety incidents")
        for line in report.headline
    )
    # The strongest relations first and at most five of them; the rest are counted.
    pairs = [line for line in report.headline if "n = " in line]
    assert 1 <= len(pairs) <= 5
    found = [re.findall(r"= ([−-]?[0-9.]+) \[", line)[0] for line in pairs]
    strengths = [abs(float(value.replace("−", "-"))) for value in found]
    assert strengths == sorted(strengths, reverse=True)
    assert len(report.headline) <= 7
