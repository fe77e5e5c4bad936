"""The funnel report on six hand-made applications across two jobs, every figure worked
out by hand from the times below (Asia/Shanghai, 2025; all applied Monday 3 March 10:00).

Job A (the recruiter's):
  a1 boss:  screening 3 Mar 12:00, vendor AI result 5 Mar, interview 10 Mar, offer 20 Mar
            (sent 20 Mar, accepted 22 Mar), hired 1 Apr; employee from 15 Apr, first
            review 4, still employed.
  a2 boss:  screening 3 Mar 11:00, interview 11:02 and back to screening 11:04 (a slip:
            counts nowhere), AI result typed in 4 Mar, rejected 2 Apr.
  a3 lagou: screening 4 Mar, interview 12 Mar, offer 25 Mar (sent 25 Mar, accepted 30 Mar).
Job B:
  b1 boss:  screening 5 Mar, rejected 6 Mar.
  b2 lagou: withdrawn 7 Mar.
  b3 boss:  screening 5 Mar, interview 15 Mar, offer 3 Apr (sent 3 Apr, accepted 5 Apr),
            hired 10 Apr; employee from 20 Apr, left 1 Jul (not retained 6 months).
"""

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import translation

from analytics.facts.refresh import refresh_run
from analytics.models import SourceOutcomeFact, StageFact
from analytics.reports.filters import ReportFilter
from analytics.reports.funnel import funnel_report
from analytics.reports.shapes import Report, ReportTable
from hrflow.accounts.roles import Role
from tests.analytics.reports.scene import (
    ACTIVE,
    HIRED,
    REJECTED,
    WITHDRAWN,
    ai_result,
    application_with_history,
    hire_outcome,
    local,
    offer,
)
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory, recruiter_for

pytestmark = pytest.mark.django_db

START, END = date(2025, 3, 1), date(2025, 4, 30)
DAY = 24 * 60


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def scene() -> dict[str, Any]:
    job_a, job_b = JobFactory(), JobFactory()
    recruiter = recruiter_for(job_a)
    applied = local(3, 3)
    a1 = application_with_history(job_a, "boss", applied, [
        (local(3, 3, 12), "screening", ACTIVE), (local(3, 10), "interview", ACTIVE),
        (local(3, 20), "offer", ACTIVE), (local(4, 1), "hired", HIRED),
    ])  # fmt: skip
    ai_result(a1, local(3, 5), source="vuesim")
    offer(a1, local(3, 20), local(3, 22))
    hire_outcome(a1, date(2025, 4, 15), rating=4)
    a2 = application_with_history(job_a, "boss", applied, [
        (local(3, 3, 11), "screening", ACTIVE), (local(3, 3, 11, 2), "interview", ACTIVE),
        (local(3, 3, 11, 4), "screening", ACTIVE), (local(4, 2), "screening", REJECTED),
    ])  # fmt: skip
    ai_result(a2, local(3, 4), source="manual")
    a3 = application_with_history(job_a, "lagou", applied, [
        (local(3, 4), "screening", ACTIVE), (local(3, 12), "interview", ACTIVE),
        (local(3, 25), "offer", ACTIVE),
    ])  # fmt: skip
    offer(a3, local(3, 25), local(3, 30))
    b1 = application_with_history(job_b, "boss", applied, [
        (local(3, 5), "screening", ACTIVE), (local(3, 6), "screening", REJECTED),
    ])  # fmt: skip
    b2 = application_with_history(job_b, "lagou", applied, [(local(3, 7), "applied", WITHDRAWN)])
    b3 = application_with_history(job_b, "boss", applied, [
        (local(3, 5), "screening", ACTIVE), (local(3, 15), "interview", ACTIVE),
        (local(4, 3), "offer", ACTIVE), (local(4, 10), "hired", HIRED),
    ])  # fmt: skip
    offer(b3, local(4, 3), local(4, 5))
    hire_outcome(b3, date(2025, 4, 20), left_on=date(2025, 7, 1))
    refresh_run(full=True)
    apps = {"a1": a1, "a2": a2, "a3": a3, "b1": b1, "b2": b2, "b3": b3}
    return {"job_a": job_a, "job_b": job_b, "recruiter": recruiter, **apps}


def _filter(visible: frozenset[int] | None = None) -> ReportFilter:
    return ReportFilter(start=START, end=END, visible_jobs=visible)


def _table(report: Report, key: str) -> ReportTable:
    return {table.key: table for table in report.tables}[key]


def _values(table: ReportTable) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in table.rows]


def test_the_cohort_funnel_counts_how_far_the_applicants_got(scene) -> None:
    cohort = _table(funnel_report(_filter(), {}), "cohort")
    assert [row[0].text for row in cohort.rows] == [
        "Applied", "Screening", "Interview", "Offer", "Hired",
    ]  # fmt: skip
    # reached, moved on, to the next stage, of all 6 applications
    assert _values(cohort) == [
        ["Applied", 6, 5, round(5 / 6, 4), 1.0],
        ["Screening", 5, 3, round(3 / 5, 4), round(5 / 6, 4)],
        ["Interview", 3, 3, 1.0, 0.5],
        ["Offer", 3, 2, round(2 / 3, 4), 0.5],
        ["Hired", 2, 0, None, round(2 / 6, 4)],
    ]
    assert cohort.chart is not None
    assert cohort.chart.kind == "funnel"


def test_a_move_undone_within_minutes_counts_neither_as_reached_nor_as_activity(scene) -> None:
    # a2 is the only application whose AI result was typed in: its own bucket.
    a2_bucket = StageFact.objects.filter(job_id=scene["job_a"].pk, vendor="manual")
    assert dict(a2_bucket.values_list("stage_kind").annotate(Sum("reached"))) == {
        "applied": 1, "screening": 1,
    }  # fmt: skip
    entries = _table(funnel_report(_filter(), {}), "activity_entries")
    march = entries.rows[0]
    columns = [column.key for column in entries.columns]
    # Interviews entered in March: a1, a3, b3; not a2's slip. Screening once for a2.
    assert march[columns.index("stage_interview")].value == 3
    assert march[columns.index("stage_screening")].value == 5
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    listed = client.get(march[columns.index("stage_interview")].drill)
    assert {row.pk for row in listed.context["rows"]} == {
        scene["a1"].pk, scene["a3"].pk, scene["b3"].pk,
    }  # fmt: skip


def test_the_activity_view_counts_what_happened_each_month(scene) -> None:
    report = funnel_report(_filter(), {})
    entries = _table(report, "activity_entries")
    assert [column.key for column in entries.columns] == [
        "period", "stage_applied", "stage_screening", "stage_interview", "stage_offer",
        "stage_hired",
    ]  # fmt: skip
    assert _values(entries) == [
        ["2025-03", 6, 5, 3, 2, 0],
        ["2025-04", 0, 0, 0, 1, 2],
    ]
    ends = _table(report, "activity_ends")
    # hired, rejected, withdrawn: March b1 rejected, b2 withdrew; April a1 and b3 hired,
    # a2 rejected.
    assert _values(ends) == [["2025-03", 0, 1, 1], ["2025-04", 2, 1, 0]]
    assert entries.chart is not None
    assert entries.chart.kind == "stacked_bar"


def test_time_to_hire_defaults_to_applied_until_offer_accepted(scene) -> None:
    table = _table(funnel_report(_filter(), {}), "time_to_hire")
    # a1 19 days and a3 27 (accepted in March), b3 33 (April).
    assert _values(table) == [
        ["2025-03", 2, 23.0, 26.2],
        ["2025-04", 1, 33.0, 33.0],
        ["Whole period", 3, 27.0, 31.8],
    ]


def test_time_to_hire_between_milestones_the_user_picks(scene) -> None:
    report = funnel_report(_filter(), {"tth_start": "interview", "tth_end": "hired"})
    # Interview to hired: a1 10 Mar -> 1 Apr, 22 days; b3 15 Mar -> 10 Apr, 26 days.
    assert _values(_table(report, "time_to_hire")) == [
        ["2025-04", 2, 24.0, 25.6],
        ["Whole period", 2, 24.0, 25.6],
    ]
    assert not report.extra["form"].errors
    assert [field["value"] for field in report.extra["param_fields"]] == ["interview", "hired"]


@pytest.mark.parametrize(
    "params",
    [
        {"tth_start": "offer_accepted", "tth_end": "applied"},
        {"tth_start": "hired", "tth_end": "hired"},
        {"tth_start": "yesterday", "tth_end": "hired"},
    ],
)
def test_a_wrong_time_to_hire_choice_is_a_form_error_and_the_default_is_used(scene, params) -> None:
    report = funnel_report(_filter(), params)
    assert report.extra["form"].errors
    assert _table(report, "time_to_hire").rows[-1][1].value == 3  # applied -> offer accepted
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    exported = client.get("/analytics/funnel/", {**params, "format": "csv"})
    assert exported.status_code == 200
    page = client.get("/analytics/funnel/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'data-testid="report-param-errors"' in page.content.decode()
    assert "Showing applied → offer accepted instead." in page.content.decode()


def test_sources_bring_applicants_offers_hires_and_how_the_hires_did(scene) -> None:
    sources = _table(funnel_report(_filter(), {}), "sources")
    # boss: a1, a2, b1, b3; AI judged a1 (passed) and a2 (failed); offers a1, b3; hired
    # a1, b3; six months known for both, a1 stayed; only a1 reviewed (4).
    # lagou: a3, b2; no AI result; offer a3; no hire.
    assert _values(sources) == [
        ["boss", 4, 0.5, 2, 2, 0.5, 2, 4.0, 1],
        ["lagou", 2, None, 1, 0, None, 0, None, 0],
    ]
    assert SourceOutcomeFact.objects.aggregate(n=Sum("hires"))["n"] == 2


def test_a_recruiter_sees_only_their_jobs_figures(scene) -> None:
    mine = funnel_report(_filter(frozenset({scene["job_a"].pk})), {})
    assert [row[1].value for row in _table(mine, "cohort").rows] == [3, 3, 2, 2, 1]
    assert _values(_table(mine, "sources")) == [
        ["boss", 2, 0.5, 1, 1, 1.0, 1, 4.0, 1],
        ["lagou", 1, None, 1, 0, None, 0, None, 0],
    ]
    client = Client()
    client.force_login(scene["recruiter"])
    hired = client.get("/analytics/drill/applications/", {
        "metric": "hired", "start": START, "end": END,
    })  # fmt: skip
    assert [row.pk for row in hired.context["rows"]] == [scene["a1"].pk]
    exported = client.get("/analytics/funnel/", {"start": START, "end": END, "format": "csv"})
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert scene["job_b"].title not in text


def _drilled(client: Client, report: Report) -> list[tuple[str, int, int]]:
    """(table, figure, rows listed) for every count with a list behind it."""
    found = []
    for table in report.tables:
        kinds = [column.kind for column in table.columns]
        for row in table.rows:
            for kind, cell in zip(kinds, row, strict=True):
                if cell.drill and kind == "int":
                    listed = client.get(cell.drill).context["rows"]
                    found.append((table.key, cell.value, len(listed)))
    return found


@pytest.mark.parametrize("as_recruiter", [False, True])
def test_every_count_lists_exactly_the_applications_it_counted(scene, as_recruiter) -> None:
    client = Client()
    if as_recruiter:
        user, visible = scene["recruiter"], frozenset({scene["job_a"].pk})
    else:
        user, visible = UserFactory(roles=[Role.HR_ADMIN]), None
    client.force_login(user)
    drilled = _drilled(client, funnel_report(_filter(visible), {}))
    assert len(drilled) > 20
    assert [(key, figure) for key, figure, listed in drilled if figure != listed] == []


def test_the_csv_export_holds_the_figures(scene) -> None:
    client = Client()
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    exported = client.get("/analytics/funnel/", {"start": START, "end": END, "format": "csv"})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    # The activity entries of March (the page's language does not matter to them).
    assert ["2025-03", "6", "5", "3", "2", "0"] in rows
    assert ["Whole period", "3", "27.0", "31.8"] in rows or [
        "整个期间",
        "3",
        "27.0",
        "31.8",
    ] in rows
