"""Peer and upward reviewers through the pages: HR asks by e-mail, only the person asked
opens their form, the answers are stored without a name and shown pooled from 3."""

import pytest
from django.urls import reverse

from employees.models import Review, ReviewAnswer, ReviewerAssignment
from hrflow.accounts.roles import Role
from tests.employees.performance.scene import cycle_open, scene_make
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _review(**cycle):  # type: ignore[no-untyped-def]
    scene = scene_make()
    opened = cycle_open(scene, peer_review=True, **cycle)
    return scene, Review.objects.get(cycle=opened, employee=scene.people[0])


def test_hr_asks_and_only_hr_asks(client):
    scene, review = _review()
    peer = UserFactory(roles=[Role.EMPLOYEE])
    url = reverse("employees:performance-reviewer-assign", kwargs={"pk": review.pk})
    client.force_login(scene.boss_user)
    assert client.post(url, {"email": peer.email, "kind": "peer"}).status_code == 404
    client.force_login(scene.hr)
    for bad in (
        {"email": "nobody@example.com", "kind": "peer"},
        {"email": peer.email, "kind": "x"},
    ):
        assert client.post(url, bad).status_code == 302
    assert not ReviewerAssignment.objects.exists()

    assert client.post(url, {"email": peer.email.upper(), "kind": "peer"}).status_code == 302

    assert ReviewerAssignment.objects.get().reviewer == peer


def test_only_the_person_asked_answers_and_three_answers_show_pooled(client):
    scene, review = _review()
    section = scene.template.sections.get(kind="competencies")
    peers = [UserFactory(roles=[Role.EMPLOYEE]) for _ in range(3)]
    assignments = [
        ReviewerAssignment.objects.create(review=review, reviewer=peer, kind="peer")
        for peer in peers
    ]
    url = reverse("employees:performance-reviewer-answer", kwargs={"pk": assignments[0].pk})
    for stranger in (peers[1], scene.boss_user, scene.users[0], scene.hr):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    field = f"r-{section.pk}-{scene.competency.pk}"
    client.force_login(peers[0])
    assert client.post(url, {field: "²"}).status_code == 400
    assert not ReviewAnswer.objects.exists()
    page = reverse("employees:performance-review", kwargs={"pk": review.pk})

    for n, (peer, assignment) in enumerate(zip(peers, assignments, strict=True)):
        client.force_login(peer)
        mine = client.get(reverse("employees:performance-my-reviews")).content.decode()
        assert f"/performance/asked/{assignment.pk}/" in mine
        answer = reverse("employees:performance-reviewer-answer", kwargs={"pk": assignment.pk})
        assert client.post(answer, {field: str(3 + n)}).status_code == 302
        client.force_login(scene.boss_user)
        shown = client.get(page).content.decode()
        if n < 2:
            assert 'data-testid="pooled-peer"' in shown
            assert (
                "<strong>" not in shown.split('data-testid="pooled-peer"')[1].split("</section>")[0]
            )

    assert "<strong>4.00</strong>" in shown
    assert not ReviewAnswer.objects.filter(author__isnull=False).exists()
    client.force_login(peers[0])
    assert client.post(url, {field: "5"}).status_code == 400  # answered already
    assert ReviewAnswer.objects.count() == 3
