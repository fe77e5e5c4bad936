"""The seed's offers: where the journey reached the offer stage, answered as it went on."""

import hashlib

import pytest
from django.conf import settings
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, Offer, StageKind, StageTransition
from recruiting.seeding.builder import seed_database
from tests.hrflow.factories import UserFactory
from tests.recruiting.seeding.conftest import NOW

pytestmark = pytest.mark.django_db
Status = Application.Status


def _offer_stage_entries() -> dict[int, object]:
    """Application -> when it entered its job's offer stage."""
    return dict(
        StageTransition.objects.filter(to_stage__kind=StageKind.OFFER)
        .exclude(from_stage__kind=StageKind.OFFER)
        .values_list("application_id", "created_at")
    )


def _hires() -> dict[int, object]:
    return dict(
        StageTransition.objects.filter(to_status=Status.HIRED).values_list(
            "application_id", "created_at"
        )
    )


def test_offers_go_to_those_who_reached_the_offer_stage_and_every_hire_accepted_one(seeded):
    entered, hired_at = _offer_stage_entries(), _hires()
    offers = list(Offer.objects.select_related("application__stage"))
    assert seeded["offers"] == len(offers) > 100
    assert {offer.application_id for offer in offers} <= set(entered)
    hired = set(Application.objects.filter(status=Status.HIRED).values_list("pk", flat=True))
    accepted = [offer for offer in offers if offer.status == Offer.Status.ACCEPTED]
    assert sorted(offer.application_id for offer in accepted) == sorted(hired)
    for offer in offers:
        application = offer.application
        assert entered[application.pk] <= offer.created_at <= NOW
        if offer.status == Offer.Status.ACCEPTED:
            assert offer.created_at < offer.responded_at < hired_at[application.pk]
            assert offer.signature_name == application.candidate.full_name
            assert offer.start_date > hired_at[application.pk].date()
        elif offer.status == Offer.Status.DECLINED:
            # The candidate said no, then stepped back, at the offer stage.
            assert application.status == Status.WITHDRAWN
            assert offer.created_at < offer.responded_at <= application.archived_at
            assert offer.decline_reason
        else:
            assert offer.responded_at is None
            assert application.stage.kind == StageKind.OFFER
            expected = Status.REJECTED if offer.status == Offer.Status.WITHDRAWN else Status.ACTIVE
            assert application.status == expected
    statuses = {offer.status for offer in offers}
    assert {"accepted", "declined", "sent"} <= statuses


def test_at_most_one_offer_each_and_the_letter_fields_describe_a_stored_pdf(seeded):
    offers = Offer.objects.all()
    assert offers.values("application").distinct().count() == offers.count()
    offer = offers.first()
    data = offer.letter.read()
    assert data.startswith(b"%PDF-")
    assert set(offers.values_list("letter", flat=True)) == {offer.letter.name}
    assert set(offers.values_list("letter_size", "letter_sha256")) == {
        (len(data), hashlib.sha256(data).hexdigest())
    }
    assert not offers.filter(position_title="").exists()
    assert not offers.filter(salary="").exists()
    assert not offers.filter(letter_name="").exists()


def test_the_profile_and_the_letter_download_work_for_a_seeded_offer(seeded, client):
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(hr)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for status in ("accepted", "declined", "sent"):
        offer = Offer.objects.filter(status=status).select_related("application").first()
        page = client.get(
            reverse("recruiting:candidate-detail", args=[offer.application.candidate_id])
        )
        assert page.status_code == 200
        letter = reverse("recruiting:offer-letter", args=[offer.pk])
        assert letter in page.content.decode()
        response = client.get(letter)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_without_waiting_offers_those_at_the_offer_stage_have_none_yet(recruiter):
    seed_database(applications=1500, jobs=6, seed=5, now=NOW, waiting_offers=False)

    assert not Offer.objects.filter(status=Offer.Status.SENT).exists()
    assert Offer.objects.filter(status=Offer.Status.ACCEPTED).exists()
