"""Candidate experience report on a small hand-counted fixture.

Job A: 8 completed AI interviews, 6 answered (5, 4, 4, 3, 5, 3: mean 24 / 6 = 4.00).
Job B: 3 completed AI interviews, all answered (1, 2, 2).
HR admin: 11 due, 9 answered = 81.8 %, mean 29 / 9 = 3.22. Job B has fewer than 5
answers, so it is masked, and job A with it (else B = total - A).
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from analytics.facts.refresh import refresh_run
from analytics.reports.experience import experience_report
from analytics.reports.filters import report_filter_build
from analytics.reports.shapes import Report, ReportTable
from hrflow.accounts.roles import Role
from recruiting.models import Application, Assessment, SurveyResponse
from recruiting.services.surveys import survey_answer
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory, recruiter_for

pytestmark = pytest.mark.django_db

AFTER_AI = SurveyResponse.Moment.AFTER_AI_INTERVIEW


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def ai_interview_done(application: Application) -> None:
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.COMPLETED,
        source="manual",
        external_id=f"test-{application.pk}",
        completed_at=timezone.now(),
    )


def applications(job, ratings: list[int | None]) -> None:
    for index, rating in enumerate(ratings):
        application = ApplicationFactory(job=job)
        ai_interview_done(application)
        if rating is not None:
            survey_answer(
                application=application,
                candidate=application.candidate,
                moment=AFTER_AI,
                rating=rating,
                comment=f"comment {job.title} {index}",
            )


@pytest.fixture
def scene():
    job_a, job_b = JobFactory(title="Welder"), JobFactory(title="Fitter")
    applications(job_a, [5, 4, 4, 3, 5, 3, None, None])
    applications(job_b, [1, 2, 2])
    refresh_run(full=True)
    return {"a": job_a, "b": job_b, "recruiter": recruiter_for(job_a)}


def build(user, data=None) -> Report:
    flt, form = report_filter_build(user, data or {}, sources=[], vendors=[])
    assert not form.errors
    return experience_report(flt, {})


def table(report: Report, key: str) -> ReportTable:
    return next(t for t in report.tables if t.key == key)


def texts(report: Report, key: str) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table(report, key).rows]


def test_response_rate_and_mean_by_moment(scene):
    report = build(UserFactory(roles=[Role.HR_ADMIN]))
    assert texts(report, "by_moment")[0] == ["After the AI interview", "11", "9", "81.8 %", "3.22"]
    assert texts(report, "by_moment")[-1] == ["All", "11", "9", "81.8 %", "3.22"]


def test_a_group_under_five_is_masked_and_not_derivable_from_the_total(scene):
    report = build(UserFactory(roles=[Role.HR_ADMIN]))
    rows = {row[0].text: row for row in table(report, "by_job").rows}
    assert rows["Fitter"][1].masked
    assert rows["Fitter"][1].text == "fewer than 5 answers"
    assert rows["Fitter"][2].value is None
    # The total shows 9 answers: Welder must be withheld too, or Fitter = 9 - 6.
    assert rows["All"][1].value == 9
    assert rows["Welder"][1].masked
    assert rows["Welder"][2].value is None


def test_every_masked_cell_stays_masked_when_a_total_is_shown(scene):
    report = build(UserFactory(roles=[Role.HR_ADMIN]))
    for current in report.tables:
        shown_total = any(row[0].text == "All" and row[1].value is not None for row in current.rows)
        masked = [row for row in current.rows if any(cell.masked for cell in row)]
        if shown_total and masked:
            # Never exactly one withheld group beside a total: it would be the difference.
            assert len(masked) != 1, current.key


def test_recruiter_sees_only_their_jobs_figures_and_no_comments(scene):
    report = build(scene["recruiter"])
    assert texts(report, "by_moment")[0] == ["After the AI interview", "8", "6", "75.0 %", "4.00"]
    assert [row[:3] for row in texts(report, "by_job")] == [
        ["Welder", "6", "4.00"],
        ["All", "6", "4.00"],
    ]
    assert "comments" not in [t.key for t in report.tables]


def test_hr_admin_reads_the_latest_comments_without_names(scene):
    report = build(UserFactory(roles=[Role.HR_ADMIN]))
    rows = texts(report, "comments")
    assert len(rows) == 9
    assert {row[4] for row in rows} >= {"comment Welder 0", "comment Fitter 2"}
    names = set(Application.objects.values_list("candidate__full_name", flat=True))
    assert not names & {cell for row in rows for cell in row}


def test_comments_hidden_when_the_selection_has_fewer_than_five_answers(scene):
    report = build(UserFactory(roles=[Role.HR_ADMIN]), {"job": str(scene["b"].pk)})
    comments = table(report, "comments")
    assert comments.rows == ()
    assert comments.empty_text == "Fewer than 5 answers: no comments are listed."


def test_answer_counts_drill_down_to_the_answered_applications(scene, client: Client):
    report = build(scene["recruiter"])
    drill = table(report, "by_moment").rows[0][2].drill
    assert "metric=survey_answered" in drill
    client.force_login(scene["recruiter"])
    response = client.get(drill)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 6


def test_recruiters_export_holds_no_comments(scene, client: Client):
    client.force_login(scene["recruiter"])
    response = client.get(reverse("analytics:report", args=["experience"]), {"format": "csv"})
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Welder" in body
    assert "comment Welder" not in body
