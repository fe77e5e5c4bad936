"""The candidate's offer in the portal: read it, open the letter, answer it; nobody else can."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from hrflow.org.selectors import company_current
from recruiting.models import Application, Offer
from recruiting.offers.services import company_today, offer_send, offer_withdraw
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db

LETTER = pdf("Offer letter for Li Na")


@pytest.fixture
def application() -> Application:
    job = JobFactory(title="Data analyst")
    job.recruiters.add(UserFactory(roles=[Role.RECRUITER], language="en"))
    return ApplicationFactory(job=job, candidate=CandidateFactory(full_name="Li Na"))


@pytest.fixture
def offer(application: Application) -> Offer:
    today = company_today()
    return offer_send(
        application=application,
        position_title="Data analyst",
        salary="¥25,000 x 14",
        start_date=today + timedelta(days=30),
        respond_by=today + timedelta(days=7),
        message="We would love to have you.",
        letter_name="Offer Li Na.pdf",
        letter_data=LETTER,
        actor=None,
    )


def signed_in(application: Application):  # type: ignore[no-untyped-def]
    client = portal_client(application.candidate, language="en")
    return client


def urls(offer: Offer) -> dict[str, str]:
    return {
        name: reverse(f"portal:{name}", args=[offer.pk])
        for name in ("offer", "offer-letter", "offer-answer")
    }


ACCEPT = {"answer": "accept", "signature_name": "li  na", "read_letter": "on"}


def test_the_offer_page_shows_the_terms_the_letter_and_the_form(application, offer):
    response = signed_in(application).get(urls(offer)["offer"])

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Data analyst", "¥25,000 x 14", "We would love to have you."):
        assert text in page
    assert urls(offer)["offer-letter"] in page
    assert f'action="{urls(offer)["offer-answer"]}"' in page
    assert "Type your full name as your signature" in page
    assert "I have read the offer letter" in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_letter_is_shown_inline_in_a_sandbox(application, offer):
    response = signed_in(application).get(urls(offer)["offer-letter"])

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == LETTER
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_the_letter_can_be_saved_as_a_download(application, offer):
    response = signed_in(application).get(urls(offer)["offer-letter"] + "?download=1")

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_accept_through_the_page(application, offer):
    client = signed_in(application)

    response = client.post(urls(offer)["offer-answer"], ACCEPT)

    assert response.status_code == 302
    assert response.url == urls(offer)["offer"]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.signature_name == "li na"
    assert len(offer.response_ip_hash) == 64
    page = client.get(response.url).content.decode()
    company_zone = company_current().zone
    when = timezone.localtime(offer.responded_at, company_zone).strftime("%Y-%m-%d %H:%M")
    assert f"Accepted on {when}, signed as “li na”." in page
    assert "You accepted the offer" in page  # the flash message
    assert 'data-testid="offer-answer-form"' not in page
    assert OutboxMessage.objects.filter(event="offer_answered").count() == 1


def test_accepting_needs_the_letter_read(application, offer):
    response = signed_in(application).post(
        urls(offer)["offer-answer"], {**ACCEPT, "read_letter": ""}
    )

    assert response.status_code == 200
    assert "Confirm that you have read the offer letter." in response.content.decode()
    assert Offer.objects.get().status == Offer.Status.SENT


def test_a_wrong_name_is_shown_on_the_form(application, offer):
    response = signed_in(application).post(
        urls(offer)["offer-answer"], {**ACCEPT, "signature_name": "Wang Fang"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "does not match the name on your application" in page
    assert 'value="Wang Fang"' in page  # what they typed stays
    assert Offer.objects.get().status == Offer.Status.SENT


def test_decline_through_the_page_with_a_reason(application, offer):
    client = signed_in(application)

    response = client.post(
        urls(offer)["offer-answer"],
        {"answer": "decline", "signature_name": "Li Na", "decline_reason": "Staying in Shanghai."},
        follow=True,
    )

    offer.refresh_from_db()
    assert (offer.status, offer.decline_reason) == (Offer.Status.DECLINED, "Staying in Shanghai.")
    page = response.content.decode()
    assert "Declined on" in page
    assert "Staying in Shanghai." in page


def test_a_second_answer_is_refused_with_a_message(application, offer):
    client = signed_in(application)
    client.post(urls(offer)["offer-answer"], ACCEPT)

    response = client.post(
        urls(offer)["offer-answer"],
        {"answer": "decline", "signature_name": "Li Na"},
        follow=True,
    )

    assert "You have already answered this offer." in response.content.decode()
    assert Offer.objects.get().status == Offer.Status.ACCEPTED


def test_a_withdrawn_offer_shows_as_withdrawn_without_a_form(application, offer):
    offer_withdraw(offer=offer, actor=None)
    client = signed_in(application)

    page = client.get(urls(offer)["offer"]).content.decode()
    answered = client.post(urls(offer)["offer-answer"], ACCEPT, follow=True)

    assert 'data-testid="offer-withdrawn"' in page
    assert 'data-testid="offer-answer-form"' not in page
    assert "withdrawn and can no longer be answered" in answered.content.decode()
    assert Offer.objects.get().status == Offer.Status.WITHDRAWN


def test_an_expired_offer_explains_and_offers_no_form(application, offer):
    Offer.objects.filter(pk=offer.pk).update(respond_by=company_today() - timedelta(days=1))

    page = signed_in(application).get(urls(offer)["offer"]).content.decode()

    assert 'data-testid="offer-problem"' in page
    assert 'data-testid="offer-answer-form"' not in page


def test_another_candidates_offer_is_404_everywhere(application, offer):
    """Same name, signed in, but not their application: nothing is shown or changed."""
    stranger = ApplicationFactory(candidate=CandidateFactory(full_name="Li Na"))
    client = signed_in(stranger)

    assert client.get(urls(offer)["offer"]).status_code == 404
    assert client.get(urls(offer)["offer-letter"]).status_code == 404
    assert client.post(urls(offer)["offer-answer"], ACCEPT).status_code == 404
    assert Offer.objects.get().status == Offer.Status.SENT


def test_anonymous_visitors_go_to_the_portal_sign_in(client, offer):
    for url in urls(offer).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("portal:sign-in"))
    response = client.post(urls(offer)["offer-answer"], ACCEPT)
    assert response.url.startswith(reverse("portal:sign-in"))
    assert Offer.objects.get().status == Offer.Status.SENT


def test_answering_is_post_only(application, offer):
    response = signed_in(application).get(urls(offer)["offer-answer"])

    assert response.status_code == 405


def test_the_offer_card_links_to_the_offer(offer):
    """The small card other portal pages include with `offer` in their context."""
    with translation.override("en"):
        html = render_to_string("portal/_offer_card.html", {"offer": offer})

    assert reverse("portal:offer", args=[offer.pk]) in html
    assert "Read and answer the offer" in html
    assert "¥25,000 x 14" in html
