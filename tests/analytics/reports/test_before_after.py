"""The before/after report on five hand-made applications (Asia/Shanghai, 2025).

Before (applied Monday 10 March 10:00, AI results typed in by hand):
  c1 job A: result 11 Mar, offer sent 20 Mar, accepted 30 Mar (20 days); survey after
            the AI interview: 2 (12 Mar).
  c2 job B: result 12 Mar, rejected 14 Mar; after the decision: 3 (15 Mar); the survey
            after the AI interview was due and never answered (not in the mean).
After (applied Monday 7 April 10:00):
  d1 job A: vendor result 8 Apr, offer accepted 21 Apr (14 days); survey 5 (9 Apr).
  d2 job A: result typed in 9 Apr; survey 4 (10 Apr).
  d3 job B: vendor result 8 Apr, offer accepted 17 Apr (10 days); survey 4 (9 Apr).
The first vendor result arrived in the week of 7 April: going live. Two months compared:
baseline 7 Feb - 6 Apr; with the filter ending 31 May, current 1 Apr - 31 May.
"""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from analytics.facts.refresh import refresh_run
from analytics.models import ReportSettings, SurveyFact
from analytics.reports.before_after import before_after_report
from analytics.reports.filters import ReportFilter
from analytics.reports.shapes import Report
from hrflow.accounts.roles import Role
from tests.analytics.reports.scene import (
    ACTIVE,
    REJECTED,
    ai_result,
    answer,
    application_with_history,
    local,
    offer,
)
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory, recruiter_for

pytestmark = pytest.mark.django_db

AFTER_AI, AFTER_DECISION = "after_ai_interview", "after_decision"
START, END = date(2025, 5, 1), date(2025, 5, 31)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def scene() -> dict[str, Any]:
    ReportSettings.objects.create(compare_months=2)
    job_a, job_b = JobFactory(), JobFactory()
    recruiter = recruiter_for(job_a)
    before, after = local(3, 10), local(4, 7)
    c1 = application_with_history(job_a, "boss", before, [(local(3, 20), "offer", ACTIVE)])
    ai_result(c1, local(3, 11), source="manual")
    offer(c1, local(3, 20), local(3, 30))
    answer(c1, AFTER_AI, 2, local(3, 12))
    c2 = application_with_history(job_b, "boss", before, [(local(3, 14), "applied", REJECTED)])
    ai_result(c2, local(3, 12), source="manual")
    answer(c2, AFTER_DECISION, 3, local(3, 15))
    d1 = application_with_history(job_a, "boss", after, [(local(4, 15), "offer", ACTIVE)])
    ai_result(d1, local(4, 8), source="vuesim")
    offer(d1, local(4, 15), local(4, 21))
    answer(d1, AFTER_AI, 5, local(4, 9))
    d2 = application_with_history(job_a, "boss", after, [])
    ai_result(d2, local(4, 9), source="manual")
    answer(d2, AFTER_AI, 4, local(4, 10))
    d3 = application_with_history(job_b, "boss", after, [(local(4, 12), "offer", ACTIVE)])
    ai_result(d3, local(4, 8), source="vuesim")
    offer(d3, local(4, 12), local(4, 17))
    answer(d3, AFTER_AI, 4, local(4, 9))
    refresh_run(full=True)
    return {"job_a": job_a, "recruiter": recruiter}


def _rows(report: Report) -> list[list[Any]]:
    (table,) = report.tables
    return [[cell.value for cell in row] for row in table.rows]


def _texts(report: Report) -> list[list[str]]:
    (table,) = report.tables
    return [[cell.text for cell in row] for row in table.rows]


def test_the_three_figures_before_and_after_against_the_targets(scene) -> None:
    report = before_after_report(ReportFilter(START, END, visible_jobs=None), {})
    # figure, baseline, n, current, n, change, target, met
    assert _rows(report) == [
        ["Share of AI results entered by hand", 1.0, 2, round(1 / 3, 4), 3,
         round(-2 / 3, 4), -0.8, False],
        # 20 days before; 14 and 10 after: median 12, -40 %.
        ["Median time to hire (applied → offer accepted)", 20.0, 1, 12.0, 2, -0.4, -0.3, True],
        # 2 and 3 before (the unanswered survey left out); 5, 4, 4 after.
        ["Mean candidate satisfaction (1-5)", 2.5, 2, round(13 / 3, 2), 3,
         round((13 / 3 - 2.5) / 2.5, 4), 0.25, True],
    ]  # fmt: skip
    assert _texts(report)[0][5] == "-66.7 pp (-66.7 %)"
    (table,) = report.tables
    assert table.columns[1].label == "Baseline 2025-02-07 – 2025-04-06"
    # The current period reaches back two months, but not before going live: the
    # periods never share a day.
    assert table.columns[3].label == "Current 2025-04-07 – 2025-05-31"
    assert (report.period_start, report.period_end) == (date(2025, 4, 7), END)
    assert "the date filter picks only the end of the current period" in report.headline[0]
    # The unanswered survey is in the facts (rating 0), only not in the mean.
    assert SurveyFact.objects.filter(rating=0).count() == 1


def test_a_go_live_day_in_the_settings_wins(scene) -> None:
    ReportSettings.objects.update(go_live_on=date(2025, 4, 1))
    report = before_after_report(ReportFilter(START, END, visible_jobs=None), {})
    (table,) = report.tables
    assert table.columns[1].label == "Baseline 2025-02-01 – 2025-03-31"
    assert [row[2] for row in _rows(report)] == [2, 1, 2]


def test_a_period_ending_before_going_live_has_nothing_to_compare(scene) -> None:
    report = before_after_report(ReportFilter(START, date(2025, 4, 6), visible_jobs=None), {})
    assert report.tables == ()
    assert report.headline == (
        "The period ends before going live on 2025-04-07: pick a later end date.",
    )


def test_without_any_vendor_result_there_is_no_baseline(db) -> None:
    report = before_after_report(ReportFilter(START, END, visible_jobs=None), {})
    assert report.tables == ()
    assert "no baseline" in report.headline[0]


def test_a_recruiter_sees_only_their_jobs_figures_and_lists(scene) -> None:
    mine = ReportFilter(START, END, visible_jobs=frozenset({scene["job_a"].pk}))
    report = before_after_report(mine, {})
    # Job A: c1 before; d1, d2 after. 14 days against 20 is exactly -30 %: met.
    assert _rows(report) == [
        ["Share of AI results entered by hand", 1.0, 1, 0.5, 2, -0.5, -0.8, False],
        ["Median time to hire (applied → offer accepted)", 20.0, 1, 14.0, 1, -0.3, -0.3, True],
        ["Mean candidate satisfaction (1-5)", 2.0, 1, 4.5, 2, 1.25, 0.25, True],
    ]
    client = Client()
    client.force_login(scene["recruiter"])
    (table,) = report.tables
    for row in table.rows:
        for column, cell in zip(table.columns, row, strict=True):
            if cell.drill and column.kind == "int":
                listed = client.get(cell.drill).context["rows"]
                assert len(listed) == cell.value, (row[0].text, column.key)
    manual = client.get(table.rows[0][3].drill).context["rows"]
    assert len(manual) == 1  # d2, the current period's one typed in


def test_every_count_of_hr_lists_its_applications_and_the_csv_exports(scene) -> None:
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    report = before_after_report(ReportFilter(START, END, visible_jobs=None), {})
    (table,) = report.tables
    counts = [
        (cell.value, len(client.get(cell.drill).context["rows"]))
        for row in table.rows
        for column, cell in zip(table.columns, row, strict=True)
        if cell.drill and column.kind == "int"
    ]
    assert counts == [(2, 2), (3, 3), (1, 1), (2, 2), (2, 2), (3, 3)]
    exported = client.get("/analytics/before-after/", {"start": START, "end": END, "format": "csv"})
    assert exported.status_code == 200
    assert "2025-04-07" in exported.content.decode("utf-8-sig")
