"""HR's side of requested documents on the candidate profile: ask, review, download,
who may do which, and the profile's query count whatever the number of requests."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from recruiting.models import Application, CandidateDocument, DocumentRequest
from recruiting.services.documents import document_review
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory
from tests.recruiting.services.test_documents import asked, uploaded
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db
Status = DocumentRequest.Status


@dataclass
class World:
    application: Application
    users: dict[str, object]


@pytest.fixture
def world() -> World:
    job_x, job_y = JobFactory(), JobFactory()
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "recruiter_x": UserFactory(roles=[Role.RECRUITER]),
        "recruiter_y": UserFactory(roles=[Role.RECRUITER]),
        "manager_x": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
    }
    job_x.recruiters.add(users["recruiter_x"])
    job_x.hiring_managers.add(users["manager_x"])
    job_y.recruiters.add(users["recruiter_y"])
    return World(ApplicationFactory(job=job_x), users)


def _as(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _profile(application: Application) -> str:
    return reverse("recruiting:candidate-detail", args=[application.candidate_id])


def _ask(application: Application) -> str:
    return reverse("recruiting:document-request", args=[application.pk])


def _review(wanted: DocumentRequest) -> str:
    return reverse("recruiting:document-review", args=[wanted.pk])


def _download(document: CandidateDocument) -> str:
    return reverse("recruiting:document-file", args=[document.pk])


ASK = {"kind": "degree", "label": "学位证书", "note": "扫描件即可"}


@pytest.mark.parametrize("who", ["recruiter_x", "hr_admin"])
def test_the_jobs_recruiter_asks_for_a_document(client, world, who):
    response = _as(client, world.users[who]).post(_ask(world.application), ASK)

    assert response.status_code == 302
    assert response.url == f"{_profile(world.application)}#documents-{world.application.pk}"
    wanted = DocumentRequest.objects.get()
    assert (wanted.application, wanted.kind, wanted.label) == (
        world.application,
        "degree",
        "学位证书",
    )
    assert wanted.requested_by == world.users[who]
    assert OutboxMessage.objects.filter(event="documents_requested").exists()
    assert any("Document requested" in text for text in _flash(response))


def test_a_request_without_a_label_is_refused(client, world):
    response = _as(client, world.users["recruiter_x"]).post(
        _ask(world.application), ASK | {"label": ""}
    )

    assert response.status_code == 302
    assert _flash(response)
    assert not DocumentRequest.objects.exists()


@pytest.mark.parametrize("who", ["recruiter_y", "manager_x", "interviewer"])
def test_only_those_who_work_on_the_job_ask_and_review(client, world, who):
    wanted = asked(application=world.application)
    uploaded(wanted)
    _as(client, world.users[who])

    ask = client.post(_ask(world.application), ASK)
    review = client.post(_review(wanted), {"decision": "accept"})

    assert (ask.status_code, review.status_code) == (404, 404)
    assert DocumentRequest.objects.count() == 1
    wanted.refresh_from_db()
    assert wanted.status == Status.SUBMITTED


def test_the_recruiter_accepts_a_document(client, world):
    wanted = asked(application=world.application)
    uploaded(wanted)

    response = _as(client, world.users["recruiter_x"]).post(_review(wanted), {"decision": "accept"})

    assert response.status_code == 302
    assert response.url == f"{_profile(world.application)}#documents-{world.application.pk}"
    wanted.refresh_from_db()
    assert wanted.status == Status.ACCEPTED
    assert any("accepted" in text for text in _flash(response))


def test_the_recruiter_returns_a_document_with_a_note(client, world):
    wanted = asked(application=world.application)
    uploaded(wanted)
    _as(client, world.users["recruiter_x"])

    without = client.post(_review(wanted), {"decision": "return", "note": " "})
    wanted.refresh_from_db()
    status_after_refusal = wanted.status
    response = client.post(_review(wanted), {"decision": "return", "note": "请上传反面"})

    assert status_after_refusal == Status.SUBMITTED
    assert any("what needs fixing" in text for text in _flash(without))
    assert response.status_code == 302
    wanted.refresh_from_db()
    assert (wanted.status, wanted.review_note) == (Status.RETURNED, "请上传反面")


def test_an_unknown_decision_changes_nothing(client, world):
    wanted = asked(application=world.application)
    uploaded(wanted)

    response = _as(client, world.users["recruiter_x"]).post(_review(wanted), {"decision": "delete"})

    assert response.status_code == 302
    wanted.refresh_from_db()
    assert wanted.status == Status.SUBMITTED


@pytest.mark.parametrize("who", ["recruiter_x", "hr_admin"])
def test_staff_who_work_on_the_job_download_with_safe_headers(client, world, who):
    data = pdf("Degree")
    document = uploaded(asked(application=world.application), data)

    response = _as(client, world.users[who]).get(_download(document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


# A hiring manager reads the profile but gets no ID or bank details.
@pytest.mark.parametrize("who", ["recruiter_y", "interviewer", "manager_x"])
def test_staff_who_do_not_work_on_the_job_get_404_for_its_files(client, world, who):
    document = uploaded(asked(application=world.application))

    response = _as(client, world.users[who]).get(_download(document))

    assert response.status_code == 404


def test_the_profile_lists_requests_with_files_and_the_recruiters_forms(client, world):
    requested = asked(application=world.application, label="学位证书")
    submitted = asked(application=world.application, label="身份证")
    document = uploaded(submitted)

    page = _as(client, world.users["recruiter_x"]).get(_profile(world.application)).text

    assert f'data-testid="document-requests-{world.application.pk}"' in page
    assert page.count('data-testid="document-request"') == 2
    assert f'data-request="{requested.pk}" data-status="requested"' in page
    assert _download(document) in page
    assert f'action="{_review(submitted)}"' in page
    assert f'action="{_review(requested)}"' not in page
    assert f'action="{_ask(world.application)}"' in page
    for kind in DocumentRequest.Kind.values:  # the ask form offers every kind
        assert f'<option value="{kind}">' in page


def test_a_hiring_manager_sees_the_requests_but_no_forms(client, world):
    wanted = asked(application=world.application)
    document = uploaded(wanted)

    page = _as(client, world.users["manager_x"]).get(_profile(world.application)).text

    assert 'data-testid="document-request"' in page
    assert document.original_name in page
    assert _download(document) not in page
    assert _review(wanted) not in page
    assert _ask(world.application) not in page


def test_a_returned_request_shows_the_note_and_no_review_buttons(client, world):
    wanted = asked(application=world.application)
    uploaded(wanted)
    document_review(request=wanted, accept=False, note="请上传反面", actor=None)

    page = _as(client, world.users["recruiter_x"]).get(_profile(world.application)).text

    assert "请上传反面" in page
    assert _review(wanted) not in page


def test_the_profile_costs_the_same_queries_for_one_or_many_requests(client, world):
    _as(client, world.users["recruiter_x"])
    url = _profile(world.application)
    uploaded(asked(application=world.application))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    for _ in range(4):
        uploaded(asked(application=world.application))
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).text

    assert page.count('data-testid="document-request"') == 5
    assert len(five) == len(one)
