"""Recalling from the talent pool takes a job chosen on purpose, and tells a hiring
manager they cannot recall rather than that no job is open (issue 14, point 18)."""

import pytest
from django.conf import settings
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application
from recruiting.services.applications import application_reject
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, JobFactory
from tests.recruiting.views.test_job_and_pool_pages import reason

pytestmark = pytest.mark.django_db


def _pooled_and_open_jobs():
    pooled = ApplicationFactory()
    application_reject(application=pooled, reason=reason())
    JobFactory(title="Accountant"), JobFactory(title="Backend engineer")
    return pooled


def _english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_job_list_starts_empty_and_is_required(client):
    _pooled_and_open_jobs()
    _english(client, UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(reverse("recruiting:talent-pool")).content.decode()

    select = page.split('<select name="job"')[1].split("</select>")[0]
    assert select.startswith(" required")
    options = select.split("<option")[1:]
    assert options[0].startswith(' value="" selected>Choose a job…')
    assert all("selected" not in option for option in options[1:])


def test_a_post_without_a_job_recalls_nobody_and_says_why(client):
    pooled = _pooled_and_open_jobs()
    _english(client, UserFactory(roles=[Role.HR_ADMIN]))

    response = client.post(
        reverse("recruiting:talent-pool-recall", args=[pooled.pk]), {"job": ""}, follow=True
    )

    assert "Choose the job to recall the candidate into." in response.content.decode()
    assert Application.objects.count() == 1


def test_a_hiring_manager_is_told_they_cannot_recall(client):
    pooled = _pooled_and_open_jobs()
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    pooled.job.hiring_managers.add(manager)
    _english(client, manager)

    page = client.get(reverse("recruiting:talent-pool")).content.decode()

    assert 'data-testid="recall-not-allowed"' in page
    assert "you cannot recall candidates" in page
    assert "No open job" not in page
    assert 'name="job"' not in page
    assert pooled.candidate.full_name in page  # they still see the pool
