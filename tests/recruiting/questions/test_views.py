"""Screening questions in the pages: HR's editor (scoped; add, edit, move, remove,
retire), the public apply form asking them, and the answers on the candidate profile."""

import re

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate, Job, ScreeningAnswer, ScreeningQuestion
from recruiting.questions.services import QuestionSpec, screening_answers_store
from tests.careers.test_pages import _form as apply_form
from tests.hrflow.factories import UserFactory
from tests.recruiting.careers_helpers import job_without_ai_interview
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.questions.test_services import (
    CITY,
    HANDLE,
    WHY,
    YEARS,
    YES_NO,
    ask,
    texts,
)

pytestmark = pytest.mark.django_db
Kind = ScreeningQuestion.Kind


def _login(client: Client, user) -> Client:
    """Signed in with English pages."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(job: Job) -> str:
    return reverse("recruiting:job-questions", args=[job.pk])


def _team(job: Job) -> dict[str, object]:
    """The job's recruiter and hiring manager, another job's recruiter, an interviewer."""
    people = {
        "recruiter": UserFactory(roles=[Role.RECRUITER]),
        "manager": UserFactory(roles=[Role.HIRING_MANAGER]),
        "other_recruiter": UserFactory(roles=[Role.RECRUITER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
    }
    job.recruiters.add(people["recruiter"])
    job.hiring_managers.add(people["manager"])
    JobFactory().recruiters.add(people["other_recruiter"])
    return people


def _new(**fields: str) -> dict[str, str]:
    data = {"action": "add", "new-text": "Can you start in March?", "new-kind": Kind.YES_NO}
    return data | {f"new-{name}": value for name, value in fields.items()}


def _edit(question: ScreeningQuestion, **fields: str) -> dict[str, str]:
    prefix = f"edit{question.pk}"
    data = {
        "action": "edit",
        "question": str(question.pk),
        f"{prefix}-text": question.text,
        f"{prefix}-help_text": question.help_text,
        f"{prefix}-kind": question.kind,
        f"{prefix}-choices": "\n".join(question.choices),
    }
    if question.required:
        data[f"{prefix}-required"] = "on"
    return data | {f"{prefix}-{name}": value for name, value in fields.items()}


def _flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# Who may open and change the page


def test_the_jobs_readers_see_the_questions_and_the_preview_workers_also_the_editor(client):
    job = JobFactory()
    ask(job, YES_NO, CITY)
    people = _team(job)

    manager_page = _login(client, people["manager"]).get(_url(job)).content.decode()
    recruiter_page = _login(Client(), people["recruiter"]).get(_url(job)).content.decode()

    for page in (manager_page, recruiter_page):
        assert YES_NO.text in page
        assert CITY.text in page
        assert 'data-testid="preview"' in page
        assert 'type="radio"' in page  # the preview of the yes/no question
    assert 'data-testid="edit-form"' not in manager_page
    assert 'data-testid="add-question"' not in manager_page
    assert 'data-testid="edit-form"' in recruiter_page
    assert 'data-testid="add-question"' in recruiter_page


@pytest.mark.parametrize("who", ["other_recruiter", "interviewer", "manager"])
def test_anyone_but_the_jobs_workers_gets_404_for_changes_and_nothing_changes(client, who):
    job = JobFactory()
    (question,) = ask(job, YES_NO)
    people = _team(job)
    _login(client, people[who])

    response = client.post(_url(job), {"action": "remove", "question": question.pk})

    assert response.status_code == 404
    assert client.post(_url(job), _new()).status_code == 404
    assert texts(job) == [YES_NO.text]


@pytest.mark.parametrize("who", ["other_recruiter", "interviewer"])
def test_outsiders_cannot_even_read_the_questions(client, who):
    job = JobFactory()
    ask(job, YES_NO)
    _login(client, _team(job)[who])

    assert client.get(_url(job)).status_code == 404


def test_a_job_that_does_not_exist_is_404(client):
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))

    assert client.get(reverse("recruiting:job-questions", args=[999999])).status_code == 404


def test_the_job_board_links_to_the_questions(client):
    job = JobFactory()
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(reverse("recruiting:job-board", args=[job.pk])).content.decode()

    assert _url(job) in page


# Editing


def test_adding_a_question(client):
    job = JobFactory()
    _login(client, _team(job)["recruiter"])

    response = client.post(_url(job), _new(required="on", help_text="Full-time only"))

    assert response.status_code == 302
    assert response.url == _url(job)
    question = ScreeningQuestion.objects.get(job=job)
    assert (question.text, question.kind, question.required, question.help_text) == (
        "Can you start in March?",
        Kind.YES_NO,
        True,
        "Full-time only",
    )
    assert _flash(response) == ["The question was added."]


def test_adding_a_choice_question_takes_one_choice_per_line(client):
    job = JobFactory()
    _login(client, _team(job)["recruiter"])

    client.post(_url(job), _new(kind=Kind.SINGLE_CHOICE, choices="Shanghai\r\n\r\nHangzhou\r\n"))

    assert ScreeningQuestion.objects.get(job=job).choices == ["Shanghai", "Hangzhou"]


def test_a_refused_question_comes_back_with_the_problem_at_its_field(client):
    job = JobFactory()
    _login(client, _team(job)["recruiter"])

    response = client.post(_url(job), _new(kind=Kind.SINGLE_CHOICE, choices="Only one"))

    assert response.status_code == 200
    form = response.context["add_form"]
    assert "between 2 and 20" in form.errors["choices"][0]
    assert "between 2 and 20" in response.content.decode()
    assert not ScreeningQuestion.objects.filter(job=job).exists()


def test_editing_a_question(client):
    job = JobFactory()
    _first, city = ask(job, YES_NO, CITY)
    _login(client, _team(job)["recruiter"])

    response = client.post(
        _url(job), _edit(city, text="Which office suits you?", choices="A\nB\nC", required="on")
    )

    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.text, city.choices, city.required) == (
        "Which office suits you?",
        ["A", "B", "C"],
        True,
    )
    assert _flash(response) == ["The question was saved."]


def test_a_refused_edit_reopens_that_questions_form_with_the_problem(client):
    job = JobFactory()
    _first, city = ask(job, YES_NO, CITY)
    _login(client, _team(job)["recruiter"])

    response = client.post(_url(job), _edit(city, choices="Same\nsame"))

    assert response.status_code == 200
    assert response.context["edit_open"] == city.pk
    row = next(row for row in response.context["rows"] if row["question"] == city)
    assert "different" in row["form"].errors["choices"][0]
    assert ScreeningQuestion.objects.get(pk=city.pk).choices == list(CITY.choices)


def test_moving_questions_up_and_down(client):
    job = JobFactory()
    first, second, third = ask(job, YES_NO, CITY, YEARS)
    _login(client, _team(job)["recruiter"])

    client.post(_url(job), {"action": "up", "question": third.pk})
    assert texts(job) == [YES_NO.text, YEARS.text, CITY.text]
    response = client.post(_url(job), {"action": "down", "question": first.pk})
    assert texts(job) == [YEARS.text, YES_NO.text, CITY.text]
    assert _flash(response)[-1] == "The new order was saved."
    # the first cannot go further up
    client.post(_url(job), {"action": "up", "question": third.pk})
    assert texts(job) == [YEARS.text, YES_NO.text, CITY.text]
    assert second.pk in ScreeningQuestion.objects.filter(job=job).values_list("pk", flat=True)


def test_removing_a_question_nobody_answered_deletes_it(client):
    job = JobFactory()
    first, second = ask(job, YES_NO, CITY)
    _login(client, _team(job)["recruiter"])

    response = client.post(_url(job), {"action": "remove", "question": first.pk})

    assert _flash(response) == ["The question was removed."]
    assert list(ScreeningQuestion.objects.filter(job=job)) == [second]


def test_removing_an_answered_question_retires_it_and_keeps_the_answers(client):
    job = JobFactory()
    question, _other = ask(job, YES_NO, CITY)
    application = ApplicationFactory(job=job)
    screening_answers_store(application=application, answers={question.pk: "yes"})
    _login(client, _team(job)["recruiter"])

    page = client.get(_url(job)).content.decode()
    assert "Retire" in page
    response = client.post(_url(job), {"action": "remove", "question": question.pk}, follow=True)

    question.refresh_from_db()
    assert question.is_active is False
    assert application.screening_answers.get().answer == "yes"
    assert texts(job) == [CITY.text]
    page = response.content.decode()
    assert "The question was retired" in page
    assert 'data-testid="retired"' in page


def test_another_jobs_question_cannot_be_moved_or_removed_through_this_job(client):
    job, other = JobFactory(), JobFactory()
    ask(job, YES_NO)
    (foreign,) = ask(other, CITY)
    _login(client, _team(job)["recruiter"])

    response = client.post(_url(job), {"action": "remove", "question": foreign.pk})

    assert response.status_code == 404
    assert texts(other) == [CITY.text]
    assert texts(job) == [YES_NO.text]


def _page_queries(client: Client, job: Job) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url(job)).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_few_or_many_questions(client):
    job = JobFactory()
    _login(client, _team(job)["recruiter"])
    ask(job, YES_NO)
    few = _page_queries(client, job)

    (question, *_rest) = ask(
        job, YES_NO, CITY, YEARS, WHY, HANDLE, *[
            QuestionSpec(text=f"Question {n}", kind=Kind.SHORT_TEXT) for n in range(8)
        ]
    )  # fmt: skip
    screening_answers_store(application=ApplicationFactory(job=job), answers={question.pk: "no"})
    ask(job, *[QuestionSpec.of(q) for q in ScreeningQuestion.objects.filter(job=job).active()][1:])

    assert _page_queries(client, job) == few


# The public apply form


def test_the_apply_form_asks_the_questions_with_a_widget_for_each_kind():
    job = job_without_ai_interview()
    yes_no, city, years, why, handle = ask(job, YES_NO, CITY, YEARS, WHY, HANDLE)

    html = _english(Client()).get(reverse("careers:job-detail", args=[job.pk])).content.decode()

    assert "Questions from the hiring team" in html
    assert html.count(f'name="q{yes_no.pk}"') == 2
    assert 'type="radio"' in html
    assert f'<select name="q{city.pk}"' in html
    assert ">Hangzhou</option>" in html
    assert f'type="number" name="q{years.pk}"' in html
    assert f'<textarea name="q{why.pk}"' in html
    assert f'type="text" name="q{handle.pk}"' in html
    assert "Why us? (optional)" in html
    # between the contact details and the consents
    section = html.index('data-testid="screening-questions"')
    assert html.index('name="phone"') < section < html.index('data-testid="consents"')


def test_hr_help_text_is_shown_as_text_not_html():
    job = job_without_ai_interview()
    ask(job, QuestionSpec(text="Portfolio", kind=Kind.SHORT_TEXT, help_text="<b>a link</b>"))

    html = Client().get(reverse("careers:job-detail", args=[job.pk])).content.decode()

    assert "&lt;b&gt;a link&lt;/b&gt;" in html
    assert "<b>a link</b>" not in html


def test_applying_with_answers_stores_them_as_asked():
    job = job_without_ai_interview()
    yes_no, city, years = ask(job, YES_NO, CITY, YEARS)
    answers = {f"q{yes_no.pk}": "yes", f"q{city.pk}": "Shanghai", f"q{years.pk}": "2.5"}

    response = Client().post(reverse("careers:job-detail", args=[job.pk]), apply_form(**answers))

    assert response.status_code == 302
    application = Application.objects.get(job=job)
    assert sorted(application.screening_answers.values_list("question_text", "answer")) == sorted(
        [(YES_NO.text, "yes"), (CITY.text, "Shanghai"), (YEARS.text, "2.5")]
    )


def test_a_required_question_left_unanswered_is_shown_at_its_field_and_nothing_is_stored():
    job = job_without_ai_interview()
    yes_no, years = ask(job, YES_NO, YEARS)
    client = _english(Client())

    response = client.post(
        reverse("careers:job-detail", args=[job.pk]), apply_form(**{f"q{yes_no.pk}": "no"})
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[f"q{years.pk}"] == ["Please answer this question."]
    assert f"q{yes_no.pk}" not in errors
    html = response.content.decode()
    assert "Please answer this question." in html
    assert re.search(r'value="no"[^>]*checked', html)  # the answer given is kept
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert not ScreeningAnswer.objects.exists()


def test_other_mistakes_on_the_form_come_with_the_answers_problems_too():
    """The applicant fixes everything in one go, not the answers on a second try."""
    job = job_without_ai_interview()
    yes_no, years = ask(job, YES_NO, YEARS)
    answers = {f"q{yes_no.pk}": "yes", f"q{years.pk}": "many"}

    response = _english(Client()).post(
        reverse("careers:job-detail", args=[job.pk]), apply_form(email="not-an-address", **answers)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", f"q{years.pk}"}
    assert errors[f"q{years.pk}"] == ["Enter a number."]
    assert not Candidate.objects.exists()


def test_a_job_without_questions_shows_no_section_and_applies_as_before():
    job = job_without_ai_interview()
    url = reverse("careers:job-detail", args=[job.pk])

    assert 'data-testid="screening-questions"' not in Client().get(url).content.decode()
    assert Client().post(url, apply_form()).status_code == 302
    assert Application.objects.filter(job=job).exists()


# The answers on the candidate profile


def _profile_queries(client: Client, candidate: Candidate) -> tuple[int, str]:
    url = reverse("recruiting:candidate-detail", args=[candidate.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _answered_application(candidate: Candidate) -> Application:
    application = ApplicationFactory(candidate=candidate)
    questions = ask(application.job, YES_NO, CITY, WHY)
    screening_answers_store(
        application=application,
        answers={questions[0].pk: "yes", questions[1].pk: "Hangzhou", questions[2].pk: "Growth"},
    )
    return application


def test_the_profile_shows_the_answers_as_asked_in_constant_queries(client):
    candidate = CandidateFactory()
    first = _answered_application(candidate)
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))
    few, page = _profile_queries(client, candidate)

    assert f'data-testid="screening-answers-{first.pk}"' in page
    assert YES_NO.text in page
    assert ">Yes</span>" in page
    assert "Hangzhou" in page
    assert "Growth" in page
    # the question reworded later: the profile shows what the applicant read
    yes_no = ScreeningQuestion.objects.get(job=first.job, kind=Kind.YES_NO)
    ask(first.job, QuestionSpec(pk=yes_no.pk, text="Reworded?", kind=Kind.YES_NO))
    for _ in range(3):
        _answered_application(candidate)

    many, page = _profile_queries(client, candidate)
    assert many == few
    assert page.count('data-testid="screening-answer"') == 12
    assert "Reworded?" not in page
