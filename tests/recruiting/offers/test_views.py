"""HR's offer pages: who may send, read and withdraw; the form; the answer on the profile."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from recruiting.models import Application, Offer, StageKind
from recruiting.offers.services import company_today, offer_answer, offer_send
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@dataclass
class World:
    application: Application
    users: dict[str, object]


@pytest.fixture
def world() -> World:
    job_x, job_y = JobFactory(title="Data analyst"), JobFactory()
    users = {
        "hr_admin": UserFactory(roles=[Role.HR_ADMIN]),
        "recruiter_x": UserFactory(
            roles=[Role.RECRUITER], full_name="Amy Recruiter", language="en"
        ),
        "recruiter_y": UserFactory(roles=[Role.RECRUITER]),
        "manager_x": UserFactory(roles=[Role.HIRING_MANAGER]),
        "interviewer": UserFactory(roles=[Role.INTERVIEWER]),
    }
    job_x.recruiters.add(users["recruiter_x"])
    job_x.hiring_managers.add(users["manager_x"])
    job_y.recruiters.add(users["recruiter_y"])
    application = ApplicationFactory(job=job_x, candidate=CandidateFactory(full_name="Li Na"))
    return World(application, users)


def sent_offer(world: World) -> Offer:
    today = company_today()
    return offer_send(
        application=world.application,
        position_title="Data analyst",
        salary="¥25,000 x 14",
        start_date=today + timedelta(days=30),
        respond_by=today + timedelta(days=7),
        message="Welcome!",
        letter_name="offer.pdf",
        letter_data=pdf("Offer Li Na"),
        actor=world.users["recruiter_x"],  # type: ignore[arg-type]
    )


def form_data(start_in_days: int = 40, **overrides: object) -> dict[str, object]:
    today = company_today()
    data: dict[str, object] = {
        "position_title": "Senior data analyst",
        "salary": "¥28,000 x 14",
        "start_date": (today + timedelta(days=start_in_days)).isoformat(),
        "respond_by": (today + timedelta(days=10)).isoformat(),
        "message": "We are delighted.",
        "letter": SimpleUploadedFile("Li Na offer.pdf", pdf(), content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def test_the_form_is_prefilled_with_the_job_title(client, world):
    client.force_login(world.users["recruiter_x"])

    response = client.get(reverse("recruiting:offer-create", args=[world.application.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="position_title"' in page
    assert 'value="Data analyst"' in page
    for field in ("salary", "start_date", "respond_by", "message", "letter"):
        assert f'name="{field}"' in page


def test_sending_from_the_form_stores_the_offer_and_returns_to_the_profile(client, world):
    client.force_login(world.users["recruiter_x"])

    response = client.post(
        reverse("recruiting:offer-create", args=[world.application.pk]), form_data()
    )

    assert response.status_code == 302
    assert response.url == reverse(
        "recruiting:candidate-detail", args=[world.application.candidate_id]
    )
    offer = Offer.objects.get()
    assert (offer.position_title, offer.salary) == ("Senior data analyst", "¥28,000 x 14")
    assert offer.letter_name == "Li Na offer.pdf"
    assert offer.sent_by == world.users["recruiter_x"]
    world.application.refresh_from_db()
    assert world.application.stage.kind == StageKind.OFFER


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"letter": SimpleUploadedFile("offer.pdf", b"not a pdf at all")},
            "Upload a PDF",
            id="not-a-pdf",
        ),
        pytest.param(
            {"start_in_days": -2},
            "cannot be in the past",
            id="start-in-the-past",
        ),
        pytest.param({"salary": ""}, "This field is required", id="no-salary"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_reason(client, world, overrides, expected):
    client.force_login(world.users["recruiter_x"])

    response = client.post(
        reverse("recruiting:offer-create", args=[world.application.pk]), form_data(**overrides)
    )

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert Offer.objects.count() == 0


def test_no_form_while_an_offer_is_open(client, world):
    sent_offer(world)
    client.force_login(world.users["recruiter_x"])

    response = client.get(
        reverse("recruiting:offer-create", args=[world.application.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "recruiting:candidate-detail", args=[world.application.candidate_id]
    )
    assert "already has an offer" in response.content.decode()


@pytest.mark.parametrize("who", ["recruiter_y", "manager_x", "interviewer"])
def test_only_the_jobs_recruiters_send_or_withdraw(client, world, who):
    """Another job's recruiter, the hiring manager and interviewers get 404, changing nothing."""
    offer = sent_offer(world)
    client.force_login(world.users[who])

    create = client.get(reverse("recruiting:offer-create", args=[world.application.pk]))
    post = client.post(reverse("recruiting:offer-create", args=[world.application.pk]), form_data())
    withdraw = client.post(reverse("recruiting:offer-withdraw", args=[offer.pk]))

    assert (create.status_code, post.status_code, withdraw.status_code) == (404, 404, 404)
    assert list(Offer.objects.values_list("status", flat=True)) == [Offer.Status.SENT]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("recruiter_x", 200),
        ("hr_admin", 200),
        ("manager_x", 200),
        ("recruiter_y", 404),
        ("interviewer", 404),
    ],
)
def test_the_letter_is_a_download_for_those_who_see_the_application(client, world, who, status):
    offer = sent_offer(world)
    client.force_login(world.users[who])

    response = client.get(reverse("recruiting:offer-letter", args=[offer.pk]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == pdf("Offer Li Na")
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"


def test_withdraw_from_the_profile(client, world):
    offer = sent_offer(world)
    client.force_login(world.users["recruiter_x"])

    response = client.post(
        reverse("recruiting:offer-withdraw", args=[offer.pk]), {"reason": "Role cancelled"}
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN
    again = client.post(reverse("recruiting:offer-withdraw", args=[offer.pk]), follow=True)
    assert "Only an offer waiting for an answer can be withdrawn." in again.content.decode()


def test_withdraw_is_post_only(client, world):
    offer = sent_offer(world)
    client.force_login(world.users["recruiter_x"])

    assert client.get(reverse("recruiting:offer-withdraw", args=[offer.pk])).status_code == 405
    assert Offer.objects.get().status == Offer.Status.SENT


def profile(client, world, who: str) -> str:
    client.force_login(world.users[who])
    url = reverse("recruiting:candidate-detail", args=[world.application.candidate_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_profile_offers_to_send_when_no_offer_is_open(client, world):
    send_link = reverse("recruiting:offer-create", args=[world.application.pk])

    assert send_link in profile(client, world, "recruiter_x")
    assert send_link not in profile(client, world, "manager_x")
    offer = sent_offer(world)
    page = profile(client, world, "recruiter_x")
    assert send_link not in page
    assert reverse("recruiting:offer-withdraw", args=[offer.pk]) in page
    assert reverse("recruiting:offer-letter", args=[offer.pk]) in page


def test_the_profile_shows_the_acceptance_with_signature_and_time(client, world):
    offer = sent_offer(world)
    offer_answer(
        offer=offer,
        candidate=world.application.candidate,
        accept=True,
        signature_name="li na",
        ip="198.51.100.4",
    )
    offer.refresh_from_db()

    for who in ("recruiter_x", "manager_x"):
        page = profile(client, world, who)
        assert f'data-testid="offer-answer-{offer.pk}"' in page
        when = timezone.localtime(offer.responded_at).strftime("%Y-%m-%d %H:%M")
        assert f"Accepted on {when}, signed as “li na”." in page
        assert reverse("recruiting:offer-withdraw", args=[offer.pk]) not in page
        assert "Sent by Amy Recruiter" in page
    # The offer was answered, so a new one may be sent (e.g. after changed terms).
    assert reverse("recruiting:offer-create", args=[world.application.pk]) in profile(
        client, world, "recruiter_x"
    )


def test_the_profile_shows_a_decline_with_its_reason(client, world):
    offer = sent_offer(world)
    offer_answer(
        offer=offer,
        candidate=world.application.candidate,
        accept=False,
        signature_name="Li Na",
        decline_reason="I will continue my studies.",
        ip=None,
    )

    page = profile(client, world, "recruiter_x")

    assert "Declined on" in page
    assert "I will continue my studies." in page
