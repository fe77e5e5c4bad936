"""Fairness audit on small hand-counted fixtures.

Real applications (refresh_run): at the "applied" stage, men 10 decided / 5 moved on
(50 %), women 15 / 5 (33.3 %: impact ratio 0.666 -> 0.66, under four-fifths; Fisher
exact p of 5/15 against 5/10 = 1,445,510 / 3,268,760 = 0.442), and 10 candidates never
asked, 5 moved on (their own row, not compared); those not moved on were rejected there.
Two more women are still in the stage: not decided, so in no rate.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from analytics.facts.counting import week_of
from analytics.facts.refresh import refresh_run
from analytics.models import FairnessFact, ScoreFact
from analytics.reports.fairness import fairness_report
from analytics.reports.filters import report_filter_build
from analytics.reports.shapes import Report, ReportTable
from hrflow.accounts.roles import Role
from recruiting.models import SelfIdentification, StageKind
from recruiting.services.applications import application_move, application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, reason, recruiter_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(roles=[Role.HR_ADMIN])


def build(user, params=None) -> Report:
    flt, _form = report_filter_build(user, {}, sources=[], vendors=[])
    return fairness_report(flt, params or {})


def table(report: Report, key: str) -> ReportTable:
    return next(t for t in report.tables if t.key == key)


def rows_by_group(current: ReportTable) -> dict[str, list]:
    return {row[0].text: row for row in current.rows}


def people(job, gender: str | None, decided: int, moved_on: int, waiting: int = 0) -> None:
    """`decided` applications, `moved_on` of them to screening, the rest rejected at
    "applied"; `waiting` more left in "applied"."""
    screening = job.stages.get(kind=StageKind.SCREENING)
    for index in range(decided + waiting):
        application = ApplicationFactory(job=job)
        if gender is not None:
            SelfIdentification.objects.create(candidate=application.candidate, gender=gender)
        if index < moved_on:
            application_move(application=application, to_stage=screening)
        elif index < decided:
            application_reject(application=application, reason=reason())


@pytest.fixture
def job():
    job = JobFactory(title="Welder")
    people(job, "male", 10, 5)
    people(job, "female", 15, 5, waiting=2)
    people(job, None, 10, 5)
    refresh_run(full=True)
    return job


def test_selection_rates_impact_ratio_four_fifths_and_fisher_p(job, admin):
    rows = rows_by_group(table(build(admin), "selection_applied"))
    male, female, not_asked = rows["Male"], rows["Female"], rows["Not asked"]
    assert [c.text for c in male[2:8]] == ["10", "5", "5", "50.0 %", "1.00", "no"]
    assert male[1].text == "yes (highest rate)"
    assert [c.text for c in female[2:8]] == ["15", "5", "10", "33.3 %", "0.66", "yes"]
    assert female[8].text == "0.442"
    assert not_asked[1].text == "not compared: not asked"
    assert (not_asked[6].value, not_asked[7].value, not_asked[8].value) == (None, None, None)
    assert [c.text for c in rows["All"][2:6]] == ["35", "15", "20", "42.9 %"]
    # The two women still waiting reached the stage but are in no rate.
    women = FairnessFact.objects.filter(stage_kind="applied", gender="female")
    assert women.aggregate(n=Sum("reached"), d=Sum("decided")) == {"n": 17, "d": 15}


def test_page_warns_of_pipl_and_offers_no_drill_down(job, admin):
    report = build(admin)
    assert any("PIPL" in line for line in report.headline)
    assert any("PIPL" in line for line in report.method)
    assert any("1607.4(D)" in line for line in report.method)
    assert all(not cell.drill for t in report.tables for row in t.rows for cell in row)


def _facts(rows: list[tuple[str, str, int, int]]) -> None:
    """FairnessFact rows at the screening stage: (gender, ethnicity, reached, selected)."""
    week = week_of(timezone.localdate() - timedelta(days=7))
    for gender, ethnicity, reached, selected in rows:
        FairnessFact.objects.create(
            job_id=1, department_id=None, cohort_week=week, stage_kind="screening",
            gender=gender, ethnicity=ethnicity, reached=reached, decided=reached,
            selected=selected,
        )  # fmt: skip


def test_small_group_is_excluded_disclosed_as_fewer_than_5_and_not_derivable(admin):
    # other: 3 of 523 = 0.6 % < 2 %: excluded, counts under 5 withheld; "prefer not to
    # say" withheld with it so that the totals do not give "other" back.
    _facts([
        ("male", "han", 300, 150), ("female", "han", 200, 90),
        ("other", "han", 3, 1), ("undisclosed", "han", 20, 10),
    ])  # fmt: skip
    current = table(build(admin), "selection_screening")
    rows = rows_by_group(current)
    assert rows["Another gender"][1].text == "excluded: under 2 %, n = fewer than 5"
    assert all(cell.masked for cell in rows["Another gender"][2:5])
    assert rows["Female"][6].text == "0.90"
    assert rows["Female"][7].text == "no"
    # Every row and every column with a shown total: never exactly one masked count.
    counts = [row[2:5] for row in current.rows]
    for line in [*counts, *zip(*counts, strict=True)]:
        assert sum(cell.masked for cell in line) != 1
    assert not rows["Prefer not to say"][2].masked or rows["Prefer not to say"][3].masked


def test_intersection_gender_by_ethnicity(admin):
    _facts([
        ("male", "han", 100, 80), ("female", "han", 100, 60),
        ("male", "minority", 50, 40), ("female", "minority", 50, 20),
    ])  # fmt: skip
    rows = rows_by_group(
        table(build(admin, {"question": "gender+ethnicity"}), "selection_screening")
    )
    assert rows["Female \N{MULTIPLICATION SIGN} An ethnic minority"][5].text == "40.0 %"
    assert rows["Female \N{MULTIPLICATION SIGN} An ethnic minority"][6].text == "0.50"
    assert rows["Female \N{MULTIPLICATION SIGN} Han"][6].text == "0.75"
    assert rows["Female \N{MULTIPLICATION SIGN} Han"][7].text == "yes"


def test_ll144_published_example_reproduced(admin):
    # 1,000 men: 543 score 80, 457 score 40; 1,000 women: 447 score 80, 553 score 40.
    # The sample median is 40 (990 of 2,000 above it): men 54.3 %, women 44.7 %,
    # impact ratio 447 / 543 = 0.823 -> 0.82.
    week = week_of(timezone.localdate() - timedelta(days=7))
    for gender, high, low in (("male", 543, 457), ("female", 447, 553)):
        for score, count in ((Decimal(80), high), (Decimal(40), low)):
            ScoreFact.objects.create(
                job_id=1, department_id=None, cohort_week=week, gender=gender, score=score,
                count=count,
            )  # fmt: skip
    rows = rows_by_group(table(build(admin), "scoring"))
    assert [rows["Male"][5].text, rows["Male"][6].text] == ["54.3 %", "1.00"]
    assert [rows["Female"][5].text, rows["Female"][6].text] == ["44.7 %", "0.82"]
    assert rows["Female"][7].text == "no"


def test_bad_question_is_a_form_error_not_a_500(job, admin, client: Client):
    report = build(admin, {"question": "gender+shoe_size"})
    assert report.extra["param_errors"]
    client.force_login(admin)
    url = reverse("analytics:report", args=["fairness"])
    response = client.get(url, {"question": "'; drop table", "format": "csv"})
    assert response.status_code == 200


def test_recruiter_gets_404(job, client: Client):
    client.force_login(recruiter_for(job))
    response = client.get(reverse("analytics:report", args=["fairness"]))
    assert response.status_code == 404


def test_pdf_export_of_the_audit(job, admin, client: Client):
    client.force_login(admin)
    url = reverse("analytics:report", args=["fairness"])
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
