"""The portal's "My data" pages (summary, download, erasure) and HR's erasure queue."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate, DeletionRequest
from recruiting.privacy.erasure import deletion_request_create, deletion_request_decide
from recruiting.services.applications import application_withdraw
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, JobFactory, recruiter_for
from tests.recruiting.person_with_everything import EMAIL, NAME, person_with_everything

pytestmark = pytest.mark.django_db


def _ended(application: Application) -> Application:
    return application_withdraw(application=application)


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the candidate's pages --------------------------------------------------


def test_the_pages_need_a_portal_sign_in(client):
    for name in ("portal:my-data", "portal:data-export", "portal:data-erase"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:sign-in"))


def test_my_data_summarises_what_we_hold():
    person = person_with_everything()
    response = portal_client(person.candidate, language="en").get(reverse("portal:my-data"))
    assert response.status_code == 200
    assert response.context["portal_section"] == "data"
    assert response.context["counts"]["applications"] == 3
    assert response.context["counts"]["resumes"] == 1
    page = response.content.decode()
    assert NAME in page
    assert EMAIL in page
    assert reverse("portal:data-export") in page
    assert reverse("portal:data-erase") in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_download_is_a_private_zip_of_the_signed_in_candidates_data_only():
    person = person_with_everything()
    other = person_with_everything(
        name="司马青Yx", email="qing.sima.yx@example.org", phone="13957311111"
    )
    response = portal_client(person.candidate, language="en").get(reverse("portal:data-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("data.json").decode()
    assert json.loads(text)["candidate"]["id"] == person.candidate.pk
    assert EMAIL in text
    assert other.candidate.email not in text
    assert "司马青Yx" not in text


def test_an_export_too_large_comes_back_to_the_page_with_the_reason(monkeypatch):
    from recruiting.privacy import export as candidate_data

    person = person_with_everything()
    monkeypatch.setattr(candidate_data, "MAX_EXPORT_FILE_BYTES", 10)
    client = portal_client(person.candidate, language="en")
    response = client.get(reverse("portal:data-export"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:my-data")
    assert "MB" in response.content.decode()


def test_the_confirm_page_says_whether_it_happens_at_once_or_after_hr():
    waiting = ApplicationFactory()
    ended = _ended(ApplicationFactory())
    page = portal_client(waiting.candidate, language="en").get(reverse("portal:data-erase"))
    assert page.context["needs_hr"] is True
    assert waiting.job.title in page.content.decode()
    page = portal_client(ended.candidate, language="en").get(reverse("portal:data-erase"))
    assert page.context["needs_hr"] is False
    assert 'data-testid="portal-erase-at-once"' in page.content.decode()
    assert "csrfmiddlewaretoken" in page.content.decode()


def test_without_the_checkbox_nothing_happens():
    ended = _ended(ApplicationFactory())
    response = portal_client(ended.candidate, language="en").post(reverse("portal:data-erase"), {})
    assert response.status_code == 400
    assert Candidate.objects.get(pk=ended.candidate.pk).erased_at is None
    assert not DeletionRequest.objects.exists()


def test_erasing_at_once_signs_out_and_says_so():
    ended = _ended(ApplicationFactory())
    client = portal_client(ended.candidate, language="en")
    response = client.post(reverse("portal:data-erase"), {"confirm": "yes"})
    assert response.status_code == 200
    assert 'data-testid="portal-erased"' in response.content.decode()
    assert Candidate.objects.get(pk=ended.candidate.pk).erased_at is not None
    # the session is gone: the portal asks to sign in again
    assert client.get(reverse("portal:home")).status_code == 302
    assert client.get(reverse("portal:data-export")).status_code == 302


def test_with_a_process_running_the_request_waits_for_hr():
    application = ApplicationFactory()
    client = portal_client(application.candidate, language="en")
    response = client.post(reverse("portal:data-erase"), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:my-data")
    page = response.content.decode()
    assert 'data-testid="portal-erasure-pending"' in page
    assert 'data-testid="portal-data-erase"' not in page
    request = DeletionRequest.objects.get(candidate=application.candidate)
    assert request.status == DeletionRequest.Status.PENDING
    # asking again changes nothing
    again = client.post(reverse("portal:data-erase"), {"confirm": "yes"}, follow=True)
    assert "already asked" in again.content.decode()
    assert DeletionRequest.objects.filter(candidate=application.candidate).count() == 1


def test_a_declined_request_shows_hrs_note():
    application = ApplicationFactory()
    request = deletion_request_create(candidate=application.candidate)
    deletion_request_decide(
        request=request,
        confirm=False,
        note="Your contract is being signed.",
        actor=UserFactory(roles=[Role.HR_ADMIN]),
    )
    page = portal_client(application.candidate, language="en").get(reverse("portal:my-data"))
    assert 'data-testid="portal-erasure-declined"' in page.content.decode()
    assert "Your contract is being signed." in page.content.decode()
    assert 'data-testid="portal-data-erase"' in page.content.decode()


# --- HR's side --------------------------------------------------------------


def _pending(job=None) -> DeletionRequest:
    application = ApplicationFactory(job=job or JobFactory())
    return deletion_request_create(candidate=application.candidate)


def test_the_queue_lists_pending_requests_oldest_first_for_hr_admins():
    first, second = _pending(), _pending()
    decided = _pending()
    admin = UserFactory(roles=[Role.HR_ADMIN])
    deletion_request_decide(request=decided, confirm=False, note="legal hold", actor=admin)
    response = staff(admin).get(reverse("recruiting:deletion-requests"))
    assert response.status_code == 200
    listed = [item.pk for item in response.context["page"].object_list]
    assert listed == [first.pk, second.pk]
    assert first.candidate.full_name in response.content.decode()


def test_recruiters_see_only_their_jobs_candidates():
    job, other_job = JobFactory(), JobFactory()
    mine, theirs = _pending(job), _pending(other_job)
    recruiter = recruiter_for(job)
    response = staff(recruiter).get(reverse("recruiting:deletion-requests"))
    assert [item.pk for item in response.context["page"].object_list] == [mine.pk]
    # another job's request cannot be decided either
    refused = staff(recruiter).post(
        reverse("recruiting:deletion-decide", args=[theirs.pk]), {"decision": "confirm"}
    )
    assert refused.status_code == 404
    assert DeletionRequest.objects.get(pk=theirs.pk).status == DeletionRequest.Status.PENDING


@pytest.mark.parametrize("role", [Role.HIRING_MANAGER, Role.INTERVIEWER, Role.EMPLOYEE])
def test_other_roles_get_404(role):
    request = _pending()
    user = UserFactory(roles=[role])
    request.candidate.applications.first().job.hiring_managers.add(user)
    client = staff(user)
    assert client.get(reverse("recruiting:deletion-requests")).status_code == 404
    decide = reverse("recruiting:deletion-decide", args=[request.pk])
    assert client.post(decide, {"decision": "confirm"}).status_code == 404
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.PENDING


def _queue_queries(admin, pending: int) -> int:
    for _ in range(pending):
        request = _pending()
        ApplicationFactory(candidate=request.candidate)
    client = staff(admin)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("recruiting:deletion-requests")).status_code == 200
    return len(queries)


def test_the_queue_costs_the_same_queries_for_few_or_many_requests():
    admin = UserFactory(roles=[Role.HR_ADMIN])
    assert _queue_queries(admin, 1) == _queue_queries(admin, 4)


def test_confirming_erases_and_returns_to_the_profile(django_capture_on_commit_callbacks):
    request = _pending()
    recruiter = recruiter_for(request.candidate.applications.first().job)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff(recruiter).post(
            reverse("recruiting:deletion-decide", args=[request.pk]),
            {"decision": "confirm", "confirmed": "yes"},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "recruiting:candidate-detail", args=[request.candidate_id]
    )
    candidate = Candidate.objects.get(pk=request.candidate_id)
    assert candidate.erased_at is not None
    assert candidate.applications.get().status == Application.Status.WITHDRAWN


def test_declining_needs_a_note_then_goes_back_to_the_queue():
    request = _pending()
    admin = UserFactory(roles=[Role.HR_ADMIN])
    client = staff(admin)
    decide = reverse("recruiting:deletion-decide", args=[request.pk])
    response = client.post(
        decide, {"decision": "decline", "note": "", "next": "queue"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("recruiting:deletion-requests")
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.PENDING
    client.post(decide, {"decision": "decline", "note": "Legal hold until 2027."})
    declined = DeletionRequest.objects.get(pk=request.pk)
    assert declined.status == DeletionRequest.Status.DECLINED
    assert declined.decided_by == admin
    assert client.post(decide, {"decision": "maybe"}).status_code == 302
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.DECLINED


def test_the_profile_shows_the_pending_request_with_its_buttons():
    request = _pending()
    admin = UserFactory(roles=[Role.HR_ADMIN])
    page = staff(admin).get(reverse("recruiting:candidate-detail", args=[request.candidate_id]))
    html = page.content.decode()
    assert 'data-testid="profile-deletion-requests"' in html
    assert 'data-testid="deletion-confirm"' in html
    assert reverse("recruiting:deletion-decide", args=[request.pk]) in html


def test_the_profile_of_an_erased_candidate_says_so():
    ended = _ended(ApplicationFactory())
    deletion_request_create(candidate=ended.candidate)
    admin = UserFactory(roles=[Role.HR_ADMIN])
    page = staff(admin).get(reverse("recruiting:candidate-detail", args=[ended.candidate_id]))
    html = page.content.decode()
    assert 'data-testid="profile-erased"' in html
    assert 'data-testid="deletion-confirm"' not in html
