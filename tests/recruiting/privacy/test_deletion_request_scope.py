"""Erasure requests seen and decided within the viewer's jobs (issue 12, point 6).

A recruiter sees a request of a candidate of their job, but nothing of the
candidate's applications to jobs they do not work on, and cannot end those:
erasing someone who is still in another job's process is an HR admin's call.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate, DeletionRequest
from recruiting.privacy.erasure import deletion_request_create
from tests.hrflow.factories import UserFactory
from tests.portal.test_data import staff
from tests.recruiting.factories import ApplicationFactory, JobFactory, recruiter_for

pytestmark = pytest.mark.django_db


def _in_two_jobs():
    """A candidate in process for job A (with its recruiter) and for a secret job B."""
    job_a = JobFactory(title="Backend engineer A")
    job_b = JobFactory(title="Confidential: head of Shanghai office")
    mine = ApplicationFactory(job=job_a)
    elsewhere = ApplicationFactory(job=job_b, candidate=mine.candidate)
    request = deletion_request_create(candidate=mine.candidate)
    return request, mine, elsewhere, recruiter_for(job_a)


def test_the_queue_names_only_the_viewers_jobs():
    _request, mine, elsewhere, recruiter = _in_two_jobs()

    page = staff(recruiter).get(reverse("recruiting:deletion-requests")).content.decode()

    assert mine.job.title in page
    assert elsewhere.job.title not in page
    assert 'data-testid="other-jobs"' in page  # told that more is open elsewhere
    admin_page = staff(UserFactory(roles=[Role.HR_ADMIN])).get(
        reverse("recruiting:deletion-requests")
    )
    assert elsewhere.job.title in admin_page.content.decode()


def test_a_recruiter_cannot_end_another_jobs_process_by_confirming():
    request, mine, elsewhere, recruiter = _in_two_jobs()

    client = staff(recruiter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "next": "queue"},
        follow=True,
    )

    assert "only an HR admin can end that" in response.content.decode()
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: "active", elsewhere.pk: "active"}
    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.PENDING
    assert Candidate.objects.get(pk=mine.candidate_id).erased_at is None


def test_a_recruiter_may_still_decline_it():
    request, _mine, _elsewhere, recruiter = _in_two_jobs()

    staff(recruiter).post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "decline", "note": "Your offer is being signed."},
    )

    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.DECLINED


def test_an_hr_admin_confirms_across_jobs():
    request, mine, _elsewhere, _recruiter = _in_two_jobs()

    staff(UserFactory(roles=[Role.HR_ADMIN])).post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "confirmed": "yes"},
    )

    assert set(Application.objects.values_list("status", flat=True)) == {"withdrawn"}
    assert Candidate.objects.get(pk=mine.candidate_id).erased_at is not None


def test_a_recruiter_confirms_when_every_open_process_is_theirs():
    job = JobFactory()
    application = ApplicationFactory(job=job)
    request = deletion_request_create(candidate=application.candidate)

    staff(recruiter_for(job)).post(
        reverse("recruiting:deletion-decide", args=[request.pk]),
        {"decision": "confirm", "confirmed": "yes"},
    )

    assert DeletionRequest.objects.get(pk=request.pk).status == DeletionRequest.Status.DONE
