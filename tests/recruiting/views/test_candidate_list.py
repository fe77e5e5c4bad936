"""The candidate list: filters by job, stage, source, tag and date, a total, each row's jobs
and stages; every filter id through the viewer's scope; constant queries per page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.selectors.candidate_list import Total
from recruiting.services.applications import application_move
from recruiting.services.candidates import candidate_set_tags
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    recruiter_for,
)

pytestmark = pytest.mark.django_db
URL = reverse("recruiting:candidate-list")
SHANGHAI = ZoneInfo("Asia/Shanghai")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def _names(response) -> set[str]:
    return {candidate.full_name for candidate in response.context["page"].object_list}


@pytest.fixture
def people():
    """Two jobs; 王芳 applied to both (campus site, 3 March), 李雷 to one by referral on
    10 March and moved to the interview stage, 张伟 to the other (campus site, 20 March)."""
    backend, frontend = JobFactory(title="后端开发"), JobFactory(title="前端开发")
    wang, li, zhang = (CandidateFactory(full_name=name) for name in ("王芳", "李雷", "张伟"))
    ApplicationFactory(
        candidate=wang, job=backend, applied_at=datetime(2026, 3, 3, 9, tzinfo=SHANGHAI)
    )
    ApplicationFactory(
        candidate=wang, job=frontend, applied_at=datetime(2026, 3, 3, 9, tzinfo=SHANGHAI)
    )
    moved = ApplicationFactory(
        candidate=li,
        job=backend,
        source="referral",
        applied_at=datetime(2026, 3, 10, 23, 30, tzinfo=SHANGHAI),
    )
    interview = backend.stages.filter(kind="interview").order_by("position").first()
    application_move(application=moved, to_stage=interview)
    ApplicationFactory(
        candidate=zhang, job=frontend, applied_at=datetime(2026, 3, 20, 9, tzinfo=SHANGHAI)
    )
    candidate_set_tags(candidate=li, names=["Java"])
    return {"backend": backend, "frontend": frontend, "interview": interview}


def test_each_filter_narrows_the_list_and_the_total(admin_client, people):
    backend, interview = people["backend"], people["interview"]
    cases = [
        ({}, {"王芳", "李雷", "张伟"}),
        ({"job": backend.pk}, {"王芳", "李雷"}),
        ({"job": backend.pk, "stage": interview.pk}, {"李雷"}),
        ({"source": "referral"}, {"李雷"}),
        ({"tag": "Java"}, {"李雷"}),
        ({"tag": "Java", "job": people["frontend"].pk}, set()),
        ({"q": "王芳", "job": people["frontend"].pk}, {"王芳"}),
        ({"applied_from": "2026-03-10", "applied_to": "2026-03-10"}, {"李雷"}),  # 23:30 Beijing
        ({"applied_from": "2026-03-04"}, {"李雷", "张伟"}),
        ({"applied_to": "2026-03-09"}, {"王芳"}),
        (
            {"job": people["frontend"].pk, "source": "referral"},
            set(),
        ),  # one application must match both
    ]
    for params, expected in cases:
        response = admin_client.get(URL, params)
        assert _names(response) == expected, params
        assert response.context["total"].count == len(expected), params


def test_each_row_shows_its_jobs_and_current_stage(admin_client, people):
    text = admin_client.get(URL, {"q": "李雷"}).content.decode()

    assert f"后端开发 · <strong>{people['interview'].name}</strong>" in text
    wang = admin_client.get(URL, {"q": "王芳"}).content.decode()
    assert "后端开发 · " in wang
    assert "前端开发 · " in wang


def test_the_total_is_shown_in_both_languages(admin_client, people):
    english = admin_client.get(URL, {"job": people["backend"].pk}, **EN).content.decode()
    chinese = admin_client.get(URL, {"job": people["backend"].pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "2 candidates" in english
    assert "共 2 位候选人" in chinese.content.decode()


def test_past_the_cap_the_total_says_more_than(admin_client, people, monkeypatch):
    monkeypatch.setattr("recruiting.selectors.candidate_list.TOTAL_CAP", 1)

    by_job = admin_client.get(URL, {"job": people["backend"].pk}, **EN)  # counted on applications
    everyone = admin_client.get(URL, **EN)  # counted on candidates

    for response in (by_job, everyone):
        assert "More than 1 candidate" in response.content.decode()
        assert response.context["total"] == Total(1, capped=True)


def test_a_recruiter_cannot_filter_by_a_job_they_cannot_see(client, people):
    recruiter = recruiter_for(people["frontend"])
    client.force_login(recruiter)
    foreign_stage = people["interview"]  # a stage of the backend job

    by_job = client.get(URL, {"job": people["backend"].pk}, **EN)
    by_stage = client.get(URL, {"stage": foreign_stage.pk}, **EN)

    for response in (by_job, by_stage):
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()  # a form error
        # the foreign filter is ignored: only the recruiter's own job's people, never 李雷
        assert _names(response) == {"王芳", "张伟"}
        assert response.context["total"].count == 2
        assert "后端开发" not in response.content.decode()  # not even the job's name


def test_a_stage_of_another_job_and_reversed_dates_are_form_errors(admin_client, people):
    response = admin_client.get(
        URL,
        {
            "job": people["frontend"].pk,
            "stage": people["interview"].pk,
            "applied_from": "2026-03-20",
            "applied_to": "2026-03-01",
        },
        **EN,
    )

    text = response.content.decode()
    assert "That stage belongs to another job." in text
    assert "The end date comes before the start date." in text
    assert _names(response) == {"张伟"}  # the valid filters (job, from 20 March) still apply


@pytest.mark.parametrize(
    "params",
    [
        {"job": "abc"},
        {"stage": "-1"},
        {"applied_from": "2026-02-30"},
        {"source": "nowhere"},
        {"job": "99999999999999999999"},
        {"applied_to": "9999-12-31"},  # no next day to end the range at
        {"applied_from": "0001-01-01"},
    ],
)
def test_bad_filter_values_are_form_errors_never_a_500(admin_client, people, params):
    response = admin_client.get(URL, params)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["total"].count == 3  # the bad filter filters nothing


def test_an_overlong_search_is_cut_not_dropped(admin_client, people):
    # Dropping it would show everyone while the box still reads the search.
    response = admin_client.get(URL, {"q": "x" * 300})

    assert response.status_code == 200
    assert _names(response) == set()  # searched for 200 x's: nobody, not all three


def test_a_nul_in_a_filter_is_refused_with_a_400(admin_client, people):
    # Refused before the view by the site's NUL guard, like every other page.
    assert admin_client.get(URL, {"source": "x\x00"}).status_code == 400


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured.captured_queries)


def test_the_page_costs_the_same_queries_for_5_and_for_25_rows(admin_client):
    job = JobFactory()
    other = JobFactory()
    for index in range(5):
        candidate = CandidateFactory(full_name=f"候选人{index}")
        ApplicationFactory(candidate=candidate, job=job)
        ApplicationFactory(candidate=candidate, job=other)
    params = {"job": job.pk, "source": "campus_site"}
    few = _queries(admin_client, params)

    for index in range(25):
        candidate = CandidateFactory(full_name=f"候选人{index + 5}")
        ApplicationFactory(candidate=candidate, job=job)
        ApplicationFactory(candidate=candidate, job=other)
    many = admin_client.get(URL, params)

    assert len(many.context["page"].object_list) == 25
    assert _queries(admin_client, params) == few
    assert _queries(admin_client, {"q": "候选人", **params}) <= few + 1  # the ranked ids
