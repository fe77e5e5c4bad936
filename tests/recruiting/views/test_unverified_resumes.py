"""A file from the careers form belongs to its application until someone vouches for it.

Anyone can type a known person's e-mail address into the public form. Their
file then stays with the application it came with (shown there, marked as not
confirmed) and is not the person's resume for anyone else (the interviewer of
another job, the profile's resume, search), until the person signs in with
their one-time link or HR accepts it on the profile (issue 12, point 3).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from recruiting.interviews.services import interview_schedule
from recruiting.models import Application, Candidate, Interview, PortalLoginLink, Resume
from recruiting.services.applications import application_move
from recruiting.services.candidates import candidate_merge
from recruiting.services.portal_access import token_hash
from recruiting.services.resumes import resume_attach
from tests.hrflow.factories import UserFactory
from tests.recruiting.careers_helpers import apply
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.interviews.test_services import interview_stage, plan
from tests.recruiting.services.test_resume_attach import docx, pdf

pytestmark = pytest.mark.django_db

OWN_TEXT = "LINA-OWN-RESUME"
STRANGER_TEXT = "STRANGER-FILE"


def _word(text: str) -> bytes:
    return docx(
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


@dataclass
class World:
    person: Candidate
    own: Resume
    stranger: Resume
    sent_with: Application  # the stranger's application, to job A
    interview_a: Interview
    interview_b: Interview  # the person's own application, to job B
    users: dict[str, object]


def _interview(application: Application, interviewer, recruiter) -> Interview:
    application = application_move(
        application=application, to_stage=interview_stage(application.job)
    )
    return interview_schedule(application=application, plan=plan([interviewer]), actor=recruiter)


@pytest.fixture
def world() -> World:
    job_a, job_b = JobFactory(), JobFactory()
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN], language="en"),
        "recruiter_a": UserFactory(roles=[Role.RECRUITER], language="en"),
        "recruiter_b": UserFactory(roles=[Role.RECRUITER], language="en"),
        "interviewer_a": UserFactory(roles=[Role.INTERVIEWER], language="en"),
        "interviewer_b": UserFactory(roles=[Role.INTERVIEWER], language="en"),
    }
    job_a.recruiters.add(users["recruiter_a"])
    job_b.recruiters.add(users["recruiter_b"])
    person = CandidateFactory(full_name="Li Na", email="li.na@example.com")
    own_application = ApplicationFactory(job=job_b, candidate=person)
    own = resume_attach(
        candidate=person, name="li-na.docx", data=_word(OWN_TEXT), actor=users["hr_admin"]
    )
    interview_b = _interview(own_application, users["interviewer_b"], users["recruiter_b"])
    # Someone else types Li Na's address into job A's public form.
    sent_with = apply(
        job_a, email="li.na@example.com", resume_name="mine.docx", resume_data=_word(STRANGER_TEXT)
    )
    stranger = Resume.objects.exclude(pk=own.pk).get()
    interview_a = _interview(sent_with, users["interviewer_a"], users["recruiter_a"])
    return World(person, own, stranger, sent_with, interview_a, interview_b, users)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _resume_bytes(client: Client, interview: Interview) -> bytes:
    response = client.get(reverse("recruiting:interview-resume", args=[interview.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _profile(client: Client, person: Candidate) -> str:
    response = client.get(reverse("recruiting:candidate-detail", args=[person.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _found(client: Client, text: str) -> bool:
    response = client.get(reverse("recruiting:candidate-list"), {"q": text})
    return any(c.full_name == "Li Na" for c in response.context["page"].object_list)


def test_the_interviewer_of_another_job_gets_the_persons_own_resume(world):
    served = _resume_bytes(_client(world.users["interviewer_b"]), world.interview_b)

    assert served == world.own.file.open("rb").read()


def test_without_a_resume_of_their_own_the_other_jobs_interviewer_gets_none(world):
    world.own.delete()
    client = _client(world.users["interviewer_b"])

    response = client.get(reverse("recruiting:interview-resume", args=[world.interview_b.pk]))

    assert response.status_code == 404


def test_the_interviewer_of_the_job_applied_to_gets_the_file_sent_with_it(world):
    client = _client(world.users["interviewer_a"])

    served = _resume_bytes(client, world.interview_a)
    page = client.get(reverse("recruiting:interview-detail", args=[world.interview_a.pk]))

    assert served == world.stranger.file.open("rb").read()
    assert 'data-testid="resume-unconfirmed"' in page.content.decode()


def test_other_jobs_people_never_see_the_file(world):
    client = _client(world.users["recruiter_b"])

    page = _profile(client, world.person)
    download = client.get(reverse("recruiting:resume-download", args=[world.stranger.pk]))

    assert "mine.docx" not in page
    assert STRANGER_TEXT not in page
    assert download.status_code == 404


def test_the_profile_shows_the_file_only_with_its_application_marked_unconfirmed(world):
    page = _profile(_client(world.users["recruiter_a"]), world.person)

    # the person's resume, previewed, is their own
    resume_card = page[page.index("<h2>Resume</h2>") : page.index('<div class="stack">')]
    assert "li-na.docx" in resume_card
    assert "mine.docx" not in resume_card
    # the stranger's file sits in its application, said to be unconfirmed
    section = page[page.index(f'data-testid="application-{world.sent_with.pk}"') :]
    assert 'data-testid="resume-unconfirmed"' in section
    assert "mine.docx" in section
    assert STRANGER_TEXT not in page  # never previewed as the person's


def test_search_does_not_find_the_person_by_the_files_text(world):
    client = _client(world.users["hr_admin"])

    assert _found(client, OWN_TEXT)
    assert not _found(client, STRANGER_TEXT)
    assert not Candidate.objects.filter(pk=world.person.pk, search_vector=STRANGER_TEXT).exists()


def test_hr_accepts_the_file_as_the_persons_resume_and_it_is_audited(world):
    hr = world.users["hr_admin"]
    accept = reverse("recruiting:resume-accept", args=[world.stranger.pk])

    refused = _client(world.users["recruiter_b"]).post(accept)
    response = _client(hr).post(accept)

    assert refused.status_code == 404
    assert response.status_code == 302
    world.stranger.refresh_from_db()
    assert world.stranger.verified_at is not None
    event = AuditEvent.objects.get(action="recruiting.resume_accept")
    assert event.actor == hr
    # now it is the person's latest resume, everywhere
    served = _resume_bytes(_client(world.users["interviewer_b"]), world.interview_b)
    assert served == world.stranger.file.open("rb").read()
    assert _found(_client(hr), STRANGER_TEXT)


def test_signing_in_by_link_makes_the_files_the_persons(world):
    token = "a-one-time-sign-in-token-for-li-na"
    PortalLoginLink.objects.create(
        candidate=world.person,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(minutes=15),
    )

    response = Client().post(reverse("portal:link", kwargs={"token": token}))

    assert response.status_code == 302
    world.stranger.refresh_from_db()
    assert world.stranger.verified_at is not None
    assert AuditEvent.objects.filter(action="recruiting.resume_confirm_by_sign_in").exists()
    served = _resume_bytes(_client(world.users["interviewer_b"]), world.interview_b)
    assert served == world.stranger.file.open("rb").read()


def test_hr_uploads_are_the_persons_at_once(world):
    assert world.own.verified_at is not None
    assert world.stranger.verified_at is None
    assert world.stranger.sent_with == world.sent_with


def test_a_new_applicants_file_waits_too():
    """A stranger may be first: the record their application creates is not theirs to vouch for."""
    application = apply(JobFactory(), email="new.person@example.com", resume_data=pdf("first"))

    resume = application.candidate.resumes.get()

    assert resume.verified_at is None
    assert resume.sent_with == application


def test_a_merge_keeps_the_file_with_its_jobs_application(world):
    """Folded into the kept record's application to the same job, the file goes along."""
    keep = CandidateFactory(full_name="Li Na", email="li.na@example.com")
    twin = ApplicationFactory(job=world.sent_with.job, candidate=keep)

    candidate_merge(keep=keep, merge=world.person, actor=world.users["hr_admin"])

    world.stranger.refresh_from_db()
    assert world.stranger.sent_with == twin
    assert world.stranger.verified_at is None
    page = _profile(_client(world.users["recruiter_a"]), keep)
    section = page[page.index(f'data-testid="application-{twin.pk}"') :]
    assert "mine.docx" in section
