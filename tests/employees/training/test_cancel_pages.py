"""Cancelling an enrolment from the team page and the person's own page: who may,
and what the page says."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from employees.models import (
    Course,
    Enrolment,
)
from employees.training.services import enrolment_complete, enrolments_create
from hrflow.accounts.roles import Role
from tests.employees.training.scene import workshop_make
from tests.employees.training.test_pages import TEAM, _english, _enrolment, _offers, _sessions
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _cancel(enrolment):
    return reverse("employees:training-enrolment-cancel", kwargs={"pk": enrolment.pk})


def test_the_manager_cancels_from_the_team_page_and_the_seat_is_free_again(client):
    w = workshop_make(reports=2, percentiles=[10, 10])
    course = Course.objects.get(code="safety-basics")
    [session] = _sessions(course, 2)
    first, _second = enrolments_create(
        employees=w.reports, course=course, session=session, actor=None
    )
    _english(client, w.boss_user)
    page = client.get(TEAM).content.decode()

    response = client.post(_cancel(first), follow=True)

    assert page.count('data-testid="enrolment-cancel"') == 2
    assert "Enrolment cancelled." in response.content.decode()
    assert response.redirect_chain[-1][0] == TEAM
    first.refresh_from_db()
    assert first.status == Enrolment.Status.CANCELLED
    assert response.content.decode().count('data-testid="enrolment-row"') == 1
    # The course is suggested again, with the freed seat.
    assert (f"{course.pk}:{session.pk}", True, False) in _offers(response.content.decode())


def test_the_employee_cancels_their_own_from_their_page(client):
    w = workshop_make(reports=1)
    own_user = UserFactory(roles=[Role.EMPLOYEE])
    w.reports[0].user = own_user
    w.reports[0].save(update_fields=["user"])
    [enrolment] = enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=None
    )
    client.force_login(own_user)
    mine = reverse("employees:training-mine")

    page = client.get(mine).content.decode()
    response = client.post(_cancel(enrolment), {"back": "mine"})

    assert 'data-testid="enrolment-cancel"' in page
    assert response.url == mine
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CANCELLED
    assert 'data-testid="me-enrolment"' not in client.get(mine).content.decode()


def test_another_manager_or_a_colleague_cannot_cancel(client):
    w = workshop_make(reports=2)
    other = workshop_make(reports=1)
    colleague = UserFactory(roles=[Role.EMPLOYEE])
    w.reports[1].user = colleague
    w.reports[1].save(update_fields=["user"])
    [enrolment] = enrolments_create(
        employees=w.reports[:1], course=Course.objects.get(code="safety-basics"), actor=None
    )
    for user in (other.boss_user, colleague):
        client.force_login(user)
        assert client.post(_cancel(enrolment)).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_a_completed_enrolment_is_not_cancelled_and_the_page_says_why(client):
    w = workshop_make(reports=1)
    enrolment = _enrolment(w)
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    enrolment_complete(enrolment=enrolment, completed_on=timezone.localdate(), actor=None)

    response = client.post(_cancel(enrolment), {"back": "course"}, follow=True)

    assert "a completed enrolment cannot be cancelled" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def test_the_persons_page_offers_no_cancel_for_training_someone_else_booked(client):
    w = workshop_make(reports=1)
    own_user = UserFactory(roles=[Role.EMPLOYEE])
    w.reports[0].user = own_user
    w.reports[0].save(update_fields=["user"])
    enrolments_create(
        employees=w.reports, course=Course.objects.get(code="safety-basics"), actor=w.boss_user
    )
    client.force_login(own_user)

    page = client.get(reverse("employees:training-mine")).content.decode()

    assert 'data-testid="me-enrolment"' in page
    assert 'data-testid="enrolment-cancel"' not in page
    assert 'data-testid="me-enrolled-by"' in page
    assert w.boss_user.full_name in page
