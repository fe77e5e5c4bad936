"""Admin changes a job's posting basics and a channel's visibility through the services."""

import re

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from recruiting.models import HiringChannel, Job
from tests.fixtures.admin_site import admin_change_url
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory

pytestmark = pytest.mark.django_db


def _page_fields(client, url: str) -> dict[str, str]:
    """The hidden inputs the change page sends (the stage inline's management form)."""
    html = client.get(url).content.decode()
    return {
        name: value
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        if name != "csrfmiddlewaretoken"
    }


def _posting(**changes):
    data = {
        "salary_min_k": "15",
        "salary_max_k": "25",
        "salary_months": "13",
        "education_required": "bachelor",
        "experience_required": "3_5",
        "application_deadline": "2027-01-31",
        "phone_required": "on",
        # read-only on this page: sent anyway, they must not change anything
        "title": "改掉的标题",
        "status": "closed",
    }
    data.update(changes)
    return data


def test_admin_saves_the_posting_basics_only_with_an_audit_row(superuser_client):
    job = JobFactory(title="后端开发工程师")

    url = admin_change_url(job)

    response = superuser_client.post(url, {**_page_fields(superuser_client, url), **_posting()})

    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert (job.salary_min_k, job.salary_max_k, job.salary_months) == (15, 25, 13)
    assert (job.education_required, job.experience_required) == ("bachelor", "3_5")
    assert (job.title, job.status) == ("后端开发工程师", "open")
    event = AuditEvent.objects.get(action="recruiting.job_update", target_id=str(job.pk))
    assert event.changes["salary_max_k"] == [None, 25]


def test_a_reversed_range_is_a_form_error_in_admin_and_nothing_is_saved(superuser_client):
    job = JobFactory()

    url = admin_change_url(job)
    sent = _posting(salary_min_k="30", salary_max_k="20")

    response = superuser_client.post(url, {**_page_fields(superuser_client, url), **sent})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "salary_max_k" in errors
    job.refresh_from_db()
    assert (job.salary_min_k, job.salary_max_k) == (None, None)
    assert not AuditEvent.objects.filter(action="recruiting.job_update").exists()


def test_admin_still_adds_and_deletes_no_jobs(superuser_client):
    job = JobFactory()

    added = superuser_client.post(reverse("admin:recruiting_job_add"), {})
    deleted = superuser_client.post(
        reverse("admin:recruiting_job_delete", args=[job.pk]), {"post": "yes"}
    )

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert Job.objects.filter(pk=job.pk).exists()


def test_a_recruiter_with_admin_access_cannot_change_another_teams_job(client):
    recruiter = UserFactory(roles=[Role.RECRUITER], is_staff=True)
    client.force_login(recruiter)
    job = JobFactory()

    response = client.post(admin_change_url(job), _posting())

    assert response.status_code in (302, 403, 404)
    job.refresh_from_db()
    assert job.salary_min_k is None


def test_admin_makes_a_channel_public_through_the_service(superuser_client):
    channel, _created = HiringChannel.objects.update_or_create(
        code="referral", defaults={"is_public": False}
    )

    response = superuser_client.post(admin_change_url(channel), {"is_public": "on"})

    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.is_public is True
    assert AuditEvent.objects.filter(action="recruiting.hiring_channel_set_public").count() == 1
