"""The review queue page: scoped, constant queries, bulk settling through the service."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, ScreeningDecision
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory, recruiter_for
from tests.recruiting.screening.test_services import _rule, _waiting

pytestmark = pytest.mark.django_db
URL = reverse("recruiting:review-queue")


def _login(client, user):
    """Signed in with English pages (the sign-in view sets this cookie from the user)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_a_recruiter_sees_the_decisions_of_their_jobs_explained_with_their_wait(client):
    job = JobFactory()
    application, _decision = _waiting("70", job)
    other, _ = _waiting("65")
    _login(client, recruiter_for(job))

    page = client.get(URL).content.decode()

    assert application.candidate.full_name in page
    assert other.candidate.full_name not in page
    assert (
        "held for review by rule &#x27;Campus screening&#x27; v1: "
        "composite 70.00 = 1 \u00d7 AI interview 70"  # not "7E+1"
    ) in page
    assert 'data-testid="waiting"' in page


def test_the_queue_costs_the_same_queries_for_one_or_many_decisions(client):
    job = JobFactory()
    _rule(job)
    _waiting("70", job)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    _login(client, hr)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for score in ("61", "62", "63", "64"):
        _waiting(score, job)
    with CaptureQueriesContext(connection) as five:
        response = client.get(URL)

    assert response.content.decode().count('data-testid="review-row"') == 5
    assert len(five) == len(one)


def test_confirming_from_the_page_rejects_and_leaves_the_rest_waiting(client):
    job = JobFactory()
    low_app, low = _waiting("45", job)
    _held_app, held = _waiting("70", job)
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))

    response = client.post(URL, {"decision": [low.pk], "action": "confirm"})

    assert response.status_code == 302
    low_app.refresh_from_db()
    assert low_app.status == Application.Status.REJECTED
    held.refresh_from_db()
    assert held.state == ScreeningDecision.State.REVIEW


def test_a_decision_outside_the_viewers_jobs_cannot_be_settled_by_its_id(client):
    _application, decision = _waiting("45")
    recruiter = UserFactory(roles=[Role.RECRUITER])
    _login(client, recruiter)

    client.post(URL, {"decision": [decision.pk], "action": "confirm"})

    decision.refresh_from_db()
    assert decision.state == ScreeningDecision.State.REVIEW


def test_a_refused_action_is_explained_and_changes_nothing(client):
    job = JobFactory()
    application, decision = _waiting("45", job)
    _login(client, UserFactory(roles=[Role.HR_ADMIN]))

    response = client.post(URL, {"decision": [decision.pk], "action": "advance"}, follow=True)

    assert "Say why you decide against" in response.content.decode()
    application.refresh_from_db()
    assert application.stage.kind == "ai_interview"
    assert decision.composite == Decimal("45.00")
