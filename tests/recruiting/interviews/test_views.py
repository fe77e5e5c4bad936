"""The interview pages: who sees which interview, scheduling from the profile, the
scorecard form, the list's query count, and the candidate's public answer page."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.interviews.links import respond_token
from recruiting.interviews.rescreening import interview_change, scorecard_submit
from recruiting.interviews.services import interview_schedule
from recruiting.models import Application, Assessment, Interview
from recruiting.services.applications import application_move
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory
from tests.recruiting.interviews.test_scorecards import _card as card
from tests.recruiting.interviews.test_services import (
    ALL_GOOD,
    at_local,
    interview_stage,
    plan,
    ready,
)
from tests.recruiting.services.test_resume_attach import docx

pytestmark = pytest.mark.django_db


@dataclass
class World:
    application: Application
    interview: Interview
    other: Interview  # another job's interview, with another panel
    users: dict[str, object]


def _in_interview_stage(job) -> Application:
    application = ApplicationFactory(job=job)
    return application_move(application=application, to_stage=interview_stage(job))


@pytest.fixture
def world() -> World:
    job_x, job_y = JobFactory(), JobFactory()
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "recruiter_x": UserFactory(roles=[Role.RECRUITER]),
        "recruiter_y": UserFactory(roles=[Role.RECRUITER]),
        "manager_x": UserFactory(roles=[Role.HIRING_MANAGER]),
        "manager_y": UserFactory(roles=[Role.HIRING_MANAGER]),
        "panelist": UserFactory(roles=[Role.INTERVIEWER], full_name="面试官甲"),
        "colleague": UserFactory(roles=[Role.INTERVIEWER], full_name="面试官乙"),
        "other_interviewer": UserFactory(roles=[Role.INTERVIEWER]),
        "employee": UserFactory(roles=[Role.EMPLOYEE]),
    }
    job_x.recruiters.add(users["recruiter_x"])
    job_x.hiring_managers.add(users["manager_x"])
    job_y.recruiters.add(users["recruiter_y"])
    job_y.hiring_managers.add(users["manager_y"])
    application = _in_interview_stage(job_x)
    resume_attach(candidate=application.candidate, name="cv.docx", data=docx())
    interview = interview_schedule(
        application=application,
        plan=plan([users["panelist"], users["colleague"]]),
        actor=users["recruiter_x"],
    )
    other = interview_schedule(
        application=_in_interview_stage(job_y),
        plan=plan([users["other_interviewer"]]),
        actor=users["recruiter_y"],
    )
    return World(application, interview, other, users)


PANEL = {"panelist", "colleague"}
READERS = {"hr_admin", "recruiter_x", "manager_x"}
WORKERS = {"hr_admin", "recruiter_x"}


def _pages(world: World) -> list[tuple[str, str, set[str]]]:
    """(label, url, who gets 200); everyone else gets 404."""
    pk = world.interview.pk
    return [
        ("detail", reverse("recruiting:interview-detail", args=[pk]), READERS | PANEL),
        ("resume", reverse("recruiting:interview-resume", args=[pk]), READERS | PANEL),
        ("scorecard", reverse("recruiting:interview-scorecard", args=[pk]), PANEL),
        ("edit", reverse("recruiting:interview-edit", args=[pk]), WORKERS),
        ("cancel", reverse("recruiting:interview-cancel", args=[pk]), WORKERS),
        (
            "schedule",
            reverse("recruiting:interview-schedule", args=[world.application.pk]),
            WORKERS,
        ),
    ]


def test_every_interview_page_answers_only_those_who_may_see_it(client, world):
    """An interviewer of another interview, and people of other jobs, get 404 everywhere."""
    for label, url, allowed in _pages(world):
        for name, user in world.users.items():
            client.force_login(user)
            status = client.get(url).status_code
            assert status == (200 if name in allowed else 404), (label, name, status)


def test_posting_to_another_teams_interview_changes_nothing(client, world):
    interview = world.interview
    for name in ("other_interviewer", "recruiter_y", "manager_x"):
        client.force_login(world.users[name])
        cancel = client.post(reverse("recruiting:interview-cancel", args=[interview.pk]))
        scorecard = client.post(
            reverse("recruiting:interview-scorecard", args=[interview.pk]),
            {"recommendation": "yes", "rating_communication": "4"},
        )
        assert (cancel.status_code, scorecard.status_code) == (404, 404), name
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED
    assert not Assessment.objects.filter(kind="interview_feedback").exists()


def test_an_interviewer_lists_only_their_own_interviews(client, world):
    client.force_login(world.users["other_interviewer"])

    mine = client.get(reverse("recruiting:interview-list"))
    team = client.get(reverse("recruiting:interview-list") + "?scope=team")

    for response in (mine, team):
        assert response.status_code == 200
        assert reverse("recruiting:interview-detail", args=[world.other.pk]) in response.text
        assert reverse("recruiting:interview-detail", args=[world.interview.pk]) not in (
            response.text
        )


def test_a_recruiter_lists_their_jobs_interviews_on_the_team_tab(client, world):
    client.force_login(world.users["recruiter_x"])

    mine = client.get(reverse("recruiting:interview-list"))
    team = client.get(reverse("recruiting:interview-list") + "?scope=team")

    detail = reverse("recruiting:interview-detail", args=[world.interview.pk])
    assert detail not in mine.text  # not on the panel
    assert detail in team.text
    assert reverse("recruiting:interview-detail", args=[world.other.pk]) not in team.text


def test_past_interviews_show_whether_my_scorecard_is_in(client, world):
    interview = ready(world.interview)
    panelist = world.users["panelist"]
    client.force_login(panelist)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    upcoming = client.get(reverse("recruiting:interview-list"))
    due = client.get(reverse("recruiting:interview-list") + "?when=past")
    scorecard_submit(interview=interview, interviewer=panelist, card=card())
    done = client.get(reverse("recruiting:interview-list") + "?when=past")

    assert reverse("recruiting:interview-detail", args=[interview.pk]) not in upcoming.text
    assert reverse("recruiting:interview-scorecard", args=[interview.pk]) in due.text
    assert reverse("recruiting:interview-scorecard", args=[interview.pk]) not in done.text
    assert "Submitted" in done.text


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("when", ["upcoming", "past"])
@pytest.mark.parametrize("scope", ["mine", "team"])
def test_the_interview_list_costs_the_same_queries_for_more_rows(client, world, when, scope):
    hr = world.users["hr_admin"]
    job = world.application.job

    def add(count):
        for index in range(count):
            interview = interview_schedule(
                application=_in_interview_stage(job),
                plan=plan([hr, world.users["panelist"]], starts_at=at_local(2 + index)),
                actor=hr,
            )
            if when == "past":
                scorecard_submit(interview=ready(interview), interviewer=hr, card=card())

    add(2)
    client.force_login(hr)
    url = reverse("recruiting:interview-list") + f"?scope={scope}&when={when}"
    small = _queries(client, url)
    add(6)

    assert _queries(client, url) == small


def test_the_profiles_query_count_does_not_grow_with_interviews(client, world):
    client.force_login(world.users["recruiter_x"])
    url = reverse("recruiting:candidate-detail", args=[world.application.candidate_id])
    small = _queries(client, url)

    other_job = JobFactory()
    other_job.recruiters.add(world.users["recruiter_x"])
    other = _in_interview_stage(other_job)
    Application.objects.filter(pk=other.pk).update(candidate=world.application.candidate)
    for application, days in ((world.application, 4), (other, 5), (other, 6)):
        interview_schedule(
            application=application,
            plan=plan([world.users["colleague"]], starts_at=at_local(days)),
            actor=None,
        )

    assert _queries(client, url) == small


def test_hr_schedules_from_the_profile(client, world):
    recruiter = world.users["recruiter_x"]
    application = world.application
    client.force_login(recruiter)
    profile = client.get(reverse("recruiting:candidate-detail", args=[application.candidate_id]))
    url = reverse("recruiting:interview-schedule", args=[application.pk])
    assert url in profile.text
    when = at_local(7, hour=10)

    response = client.post(
        url,
        {
            "kind": "video",
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "meeting_url": "https://meeting.example.com/j/42",
            "interviewers": [world.users["colleague"].pk],
            "note_for_candidate": "",
        },
    )

    assert response.status_code == 302
    assert response.url.endswith("#interviews")
    made = Interview.objects.filter(application=application).latest("created_at")
    assert made.starts_at == when  # read in the company's zone (Asia/Shanghai)
    assert (made.kind, made.duration_minutes, made.scheduled_by) == ("video", 45, recruiter)


def test_a_refused_plan_comes_back_on_its_fields(client, world):
    client.force_login(world.users["recruiter_x"])
    count = Interview.objects.count()

    response = client.post(
        reverse("recruiting:interview-schedule", args=[world.application.pk]),
        {
            "kind": "onsite",
            "starts_at": (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "location": "",
            "interviewers": [world.users["colleague"].pk],
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"starts_at", "location"}
    assert Interview.objects.count() == count


def test_the_profile_shows_the_candidates_answer_and_the_panel(client, world):
    interview = world.interview
    from recruiting.interviews.services import interview_respond

    interview_respond(
        interview=interview, sequence=0, answer="reschedule", preferred_times="周五上午"
    )
    client.force_login(world.users["manager_x"])

    response = client.get(
        reverse("recruiting:candidate-detail", args=[interview.application.candidate_id])
    )

    assert 'data-testid="candidate-response"' in response.text
    assert "iv-answer-reschedule" in response.text
    assert "周五上午" in response.text
    assert "面试官甲" in response.text
    # a hiring manager reads, but does not change
    assert reverse("recruiting:interview-edit", args=[interview.pk]) not in response.text


def test_a_scorecard_is_submitted_and_the_colleagues_stays_hidden(client, world):
    interview = ready(world.interview)
    panelist, colleague = world.users["panelist"], world.users["colleague"]
    scorecard_submit(
        interview=interview, interviewer=colleague, card=card(ALL_GOOD, notes="同事的评价")
    )
    client.force_login(panelist)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("recruiting:interview-scorecard", args=[interview.pk])

    form = client.get(url)
    response = client.post(
        url,
        {
            "rating_communication": "4",
            "rating_logical_thinking": "5",
            "recommendation": "strong_yes",
            "notes": "表达清楚",
        },
    )

    assert form.status_code == 200
    assert 'name="rating_communication"' in form.text
    assert response.status_code == 302
    mine = Assessment.objects.get(entered_by=panelist)
    assert mine.vendor_verdict_raw == "strong_yes"
    detail = client.get(reverse("recruiting:interview-detail", args=[interview.pk]))
    assert "表达清楚" in detail.text
    assert "同事的评价" not in detail.text  # an interviewer sees only their own
    client.force_login(world.users["recruiter_x"])
    assert (
        "同事的评价" in client.get(reverse("recruiting:interview-detail", args=[interview.pk])).text
    )


def test_an_empty_scorecard_is_sent_back(client, world):
    interview = ready(world.interview)
    client.force_login(world.users["panelist"])

    response = client.post(
        reverse("recruiting:interview-scorecard", args=[interview.pk]), {"recommendation": "yes"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Assessment.objects.filter(kind="interview_feedback").exists()


def test_cancelling_from_the_page(client, world):
    client.force_login(world.users["recruiter_x"])
    url = reverse("recruiting:interview-cancel", args=[world.interview.pk])

    response = client.post(url, {"reason": "岗位暂停"})

    assert response.status_code == 302
    world.interview.refresh_from_db()
    assert world.interview.status == Interview.Status.CANCELLED


def test_changing_from_the_page_moves_the_interview(client, world):
    client.force_login(world.users["recruiter_x"])
    url = reverse("recruiting:interview-edit", args=[world.interview.pk])
    form = client.get(url)
    later = at_local(9, hour=16)

    response = client.post(
        url,
        {
            "kind": "onsite",
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "location": world.interview.location,
            "interviewers": [world.users["panelist"].pk, world.users["colleague"].pk],
            "note_for_candidate": world.interview.note_for_candidate,
        },
    )

    local = world.interview.starts_at.astimezone(later.tzinfo).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in form.text  # shown in the company's zone
    assert response.status_code == 302
    world.interview.refresh_from_db()
    assert (world.interview.starts_at, world.interview.sequence) == (later, 1)


# The candidate's answer page (public)


def _respond(interview) -> str:
    token = respond_token(interview_id=interview.pk, sequence=interview.sequence)
    return reverse("recruiting:interview-respond", args=[token])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_answer_page_speaks_the_candidates_language(client, world, language):
    candidate = world.application.candidate
    type(candidate).objects.filter(pk=candidate.pk).update(language=language)

    response = client.get(_respond(world.interview))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert world.interview.location in response.text
    assert 'name="answer" value="confirmed"' in response.text
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]


def test_the_visitors_own_language_choice_wins(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(_respond(world.interview))

    assert '<html lang="en">' in response.text
    assert "Confirm, I will be there" in response.text


def test_the_candidate_confirms_on_the_page(client, world):
    url = _respond(world.interview)

    response = client.post(url, {"answer": "confirmed"})
    again = client.get(url)

    assert response.status_code == 302
    world.interview.refresh_from_db()
    assert world.interview.candidate_response == "confirmed"
    assert 'data-testid="respond-state"' in again.text


def test_the_candidate_asks_for_another_time_on_the_page(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = _respond(world.interview)

    empty = client.post(url, {"answer": "reschedule"})
    response = client.post(url, {"answer": "reschedule", "preferred_times": "Mon 10-12"})

    assert empty.status_code == 200
    assert "which times suit you" in empty.text
    assert response.status_code == 302
    world.interview.refresh_from_db()
    assert world.interview.candidate_response == "reschedule"
    assert "Mon 10-12" in world.interview.candidate_note


def test_an_old_link_says_the_interview_changed_and_takes_no_answer(client, world):
    old = _respond(world.interview)
    people = [world.users["panelist"], world.users["colleague"]]
    interview_change(interview=world.interview, plan=plan(people, duration_minutes=30), actor=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(old)
    post = client.post(old, {"answer": "confirmed"})

    assert page.status_code == 200
    assert "has changed" in page.text
    assert 'data-testid="respond-form"' not in page.text
    assert post.status_code == 200
    assert Interview.objects.get(pk=world.interview.pk).candidate_response == "pending"


def test_a_forged_link_is_a_polite_404(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("recruiting:interview-respond", args=["abc:def:ghi"]))

    assert response.status_code == 404
    assert "not valid" in response.text
    assert world.interview.location not in response.text
