"""Opening a job to the public careers site is HR's call (issue 12, point 12).

Recruiters draft, hold and close their jobs; publishing one (status "open",
which puts it on the careers site) needs the publish_job permission, which HR
admins hold by default. Page, API and service refuse alike.
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.errors import ApplicationError
from recruiting.models import Job
from recruiting.services.jobs import job_set_status
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client
from tests.recruiting.factories import JobFactory, recruiter_for

pytestmark = pytest.mark.django_db


def _draft_with_recruiter():
    job = JobFactory(status=Job.Status.DRAFT)
    return job, recruiter_for(job)


def test_a_recruiter_cannot_open_their_job_from_the_board(client):
    job, recruiter = _draft_with_recruiter()
    client.force_login(recruiter)

    board = client.get(reverse("recruiting:job-board", args=[job.pk])).content.decode()
    response = client.post(
        reverse("recruiting:job-status", args=[job.pk]), {"status": "open"}, follow=True
    )

    assert 'name="status" value="open"' not in board
    assert 'data-testid="publish-needs-hr"' in board
    assert "HR" in response.content.decode()
    assert Job.objects.get(pk=job.pk).status == Job.Status.DRAFT
    assert job.title not in client.get(reverse("careers:job-list")).content.decode()


def test_a_recruiter_cannot_open_it_through_the_api():
    job, recruiter = _draft_with_recruiter()

    response = token_client(recruiter).post(
        reverse("api:job-status", args=[job.pk]), {"status": "open"}, format="json"
    )

    assert response.status_code == 403
    assert Job.objects.get(pk=job.pk).status == Job.Status.DRAFT


def test_the_service_refuses_a_person_without_the_permission():
    job, recruiter = _draft_with_recruiter()

    with pytest.raises(ApplicationError):
        job_set_status(job=job, status=Job.Status.OPEN, actor=recruiter)


def test_a_recruiter_still_holds_and_closes_and_hr_opens(client):
    job = JobFactory()
    recruiter = recruiter_for(job)
    client.force_login(recruiter)

    client.post(reverse("recruiting:job-status", args=[job.pk]), {"status": "on_hold"})
    assert Job.objects.get(pk=job.pk).status == Job.Status.ON_HOLD

    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    client.post(reverse("recruiting:job-status", args=[job.pk]), {"status": "open"})
    assert Job.objects.get(pk=job.pk).status == Job.Status.OPEN
