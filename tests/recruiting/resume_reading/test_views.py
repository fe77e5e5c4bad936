"""The profile's "read from the resume" panel and each application's match, over HTTP."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import ResumeFieldSuggestion
from recruiting.resume_reading.services import resume_read
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.resume_pdfs import text_pdf
from tests.recruiting.resume_reading.sample_resumes import ZH_ENGINEER
from tests.recruiting.resume_reading.test_match import BACKEND_JOB

pytestmark = pytest.mark.django_db


@pytest.fixture
def read():
    job = JobFactory(**BACKEND_JOB)
    candidate = CandidateFactory(full_name="张伟")
    application = ApplicationFactory(candidate=candidate, job=job)
    resume = resume_attach(
        candidate=candidate, name="张伟简历.pdf", data=text_pdf(ZH_ENGINEER.splitlines())
    )
    resume_read(resume_id=resume.pk)
    return application


def _decide(client, suggestion, **data):
    return client.post(reverse("recruiting:resume-field-decide", args=[suggestion.pk]), data)


def test_the_profile_shows_the_fields_read_and_the_match_with_its_keywords(hr_admin_client, read):
    page = hr_admin_client.get(reverse("recruiting:candidate-detail", args=[read.candidate_id]))

    html = page.content.decode()
    assert 'data-testid="resume-field-city"' in html
    assert 'value="浙江大学"' in html
    assert "张伟简历.pdf" in html
    assert f'data-testid="resume-match-{read.pk}"' in html
    assert "Kafka" in html
    assert "Spark" in html


def test_hr_confirms_an_edited_value_and_dismisses_another(hr_admin_client, read):
    city = ResumeFieldSuggestion.objects.get(resume__candidate=read.candidate, field="city")
    title = ResumeFieldSuggestion.objects.get(
        resume__candidate=read.candidate, field="current_title"
    )

    assert _decide(hr_admin_client, city, action="confirm", value="上海浦东").status_code == 302
    assert _decide(hr_admin_client, title, action="dismiss").status_code == 302

    read.candidate.refresh_from_db()
    assert read.candidate.city == "上海浦东"
    assert read.candidate.current_title == ""
    city.refresh_from_db()
    assert (city.status, city.confirmed_value, city.value) == ("confirmed", "上海浦东", "上海")


def test_a_bad_value_is_a_message_not_an_error_and_changes_nothing(hr_admin_client, read):
    years = ResumeFieldSuggestion.objects.get(
        resume__candidate=read.candidate, field="years_experience"
    )

    response = _decide(hr_admin_client, years, action="confirm", value="很多")
    bogus = _decide(hr_admin_client, years, action="explode")

    assert response.status_code == 302
    assert bogus.status_code == 302
    years.refresh_from_db()
    assert years.status == "pending"


def test_someone_not_on_the_persons_jobs_gets_404(client, read):
    suggestion = ResumeFieldSuggestion.objects.filter(resume__candidate=read.candidate).first()
    other = UserFactory(roles=[Role.RECRUITER])
    JobFactory().recruiters.add(other)
    client.force_login(other)

    assert _decide(client, suggestion, action="dismiss").status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
