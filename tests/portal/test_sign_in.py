"""Signing in to the candidate portal with a one-time link (issue 6: the magic-link edge cases).

The link comes out of the real outbox row the worker's half wrote after the
request (message_requests_settle, what the delivery worker runs); the pages
are driven through Django's test client, one client per browser.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.requests import message_requests_settle
from portal.session import SESSION_KEY
from recruiting.models import Candidate, PortalLoginLink
from recruiting.services import portal_access
from recruiting.services.portal_access import portal_link_request
from tests.hrflow.factories import UserFactory
from tests.portal.helpers import portal_client
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, recruiter_for

pytestmark = pytest.mark.django_db
SIGN_IN = "/portal/sign-in/"


def ask_for_link(client: Client, email: str) -> str:
    """Ask for a link as `client`; the link's path from the e-mail it queued ('' if none)."""
    before = set(OutboxMessage.objects.filter(event="magic_link").values_list("pk", flat=True))
    response = client.post(SIGN_IN, {"email": email})
    assert response.status_code == 200
    message_requests_settle()
    fresh = OutboxMessage.objects.filter(event="magic_link").exclude(pk__in=before)
    if not fresh:
        return ""
    match = re.search(r"https?://[^/\s]+(/portal/in/[^/\s]+/)", fresh.get().body)
    assert match is not None
    return match.group(1)


def signed_in_as(client: Client) -> int | None:
    data = client.session.get(SESSION_KEY)
    return data["candidate"] if data else None


def test_a_known_address_gets_a_link_by_email_in_the_candidates_language(client):
    candidate = CandidateFactory(email="li.na@example.com", language=Candidate.Language.EN)
    ApplicationFactory(candidate=candidate)

    path = ask_for_link(client, "  LI.NA@example.com ")

    message = OutboxMessage.objects.get(event="magic_link")
    assert message.channel == OutboxMessage.Channel.EMAIL
    assert message.recipient == "li.na@example.com"
    assert message.candidate_ref == candidate.pk
    assert message.language == "en"
    assert "sign in to your candidate portal" in message.body
    assert path.startswith("/portal/in/")
    # Only the secret's hash is stored, and the outbox keeps no copy in its variables.
    token = path.split("/")[3]
    assert not PortalLoginLink.objects.filter(token_hash=token).exists()
    assert PortalLoginLink.objects.get().token_hash == portal_access.token_hash(token)
    assert token not in str(message.variables)


def test_known_and_unknown_addresses_get_the_same_answer(client):
    ApplicationFactory(candidate=CandidateFactory(email="known@example.com"))

    known = client.post(SIGN_IN, {"email": "known@example.com"})
    unknown = Client().post(SIGN_IN, {"email": "nobody@example.com"})
    message_requests_settle()

    assert known.status_code == unknown.status_code == 200

    def page(response):  # the visible text, without the per-session CSRF token
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert page(known) == page(unknown)
    assert OutboxMessage.objects.filter(event="magic_link").count() == 1


def test_a_bad_address_is_refused_and_sends_nothing(client):
    response = client.post(SIGN_IN, {"email": "not an address"})
    assert response.status_code == 400
    assert not OutboxMessage.objects.exists()


def test_opening_the_link_does_not_spend_it_pressing_sign_in_does(client):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)

    for _ in range(2):  # a mail scanner's GET, then the candidate's
        page = client.get(path)
        assert page.status_code == 200
        assert page["Cache-Control"] == "private, no-store"
        assert page["Referrer-Policy"] == "same-origin"  # the token never leaves the site
    assert signed_in_as(client) is None

    response = client.post(path)
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert signed_in_as(client) == application.candidate.pk
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert application.job.title in home.content.decode()


@pytest.mark.parametrize(
    ("language", "words"), [("en", "What happens next"), ("zh-hans", "下一步")]
)
def test_after_sign_in_the_portal_speaks_the_candidates_language(language, words):
    application = ApplicationFactory(candidate=CandidateFactory(language=language))
    other = "zh-hans" if language == "en" else "en"
    browser = Client(HTTP_ACCEPT_LANGUAGE=other)  # the browser would ask for the other one
    path = ask_for_link(browser, application.candidate.email)

    signed_in = browser.post(path)

    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert words in browser.get(reverse("portal:home")).content.decode()


def test_a_language_chosen_with_the_switch_before_sign_in_is_kept():
    application = ApplicationFactory(candidate=CandidateFactory(language="zh-hans"))
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    path = ask_for_link(browser, application.candidate.email)

    signed_in = browser.post(path)

    assert settings.LANGUAGE_COOKIE_NAME not in signed_in.cookies
    assert "What happens next" in browser.get(reverse("portal:home")).content.decode()


def test_a_used_link_is_refused_in_any_browser(client):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)
    assert client.post(path).status_code == 302

    for browser in (client, Client()):
        again = browser.post(path)
        assert again.status_code == 410
        assert 'data-reason="used"' in again.content.decode()
    stranger = Client()
    stranger.post(path)
    assert signed_in_as(stranger) is None


def test_an_expired_link_is_refused(client):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)
    PortalLoginLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(path)

    assert response.status_code == 410
    assert 'data-reason="expired"' in response.content.decode()
    assert signed_in_as(client) is None
    assert PortalLoginLink.objects.get().used_at is None


@pytest.mark.parametrize("change", ["last", "first", "truncate", "extend"])
def test_a_tampered_link_is_refused_and_says_nothing_about_the_real_one(client, change):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)
    token = path.split("/")[3]
    tampered = {
        "last": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "first": ("A" if token[0] != "A" else "B") + token[1:],
        "truncate": token[:20],
        "extend": token + "x",
    }[change]

    response = client.post(f"/portal/in/{tampered}/")

    assert response.status_code == 410
    assert 'data-reason="unknown"' in response.content.decode()
    assert application.candidate.full_name not in response.content.decode()
    assert signed_in_as(client) is None
    assert PortalLoginLink.objects.get().used_at is None  # the real link still works
    assert client.post(path).status_code == 302


def test_a_link_forwarded_to_another_browser_warns_there_and_works_only_once(client):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)
    other = Client()

    assert 'data-testid="portal-other-device"' not in client.get(path).content.decode()
    assert 'data-testid="portal-other-device"' in other.get(path).content.decode()

    assert other.post(path).status_code == 302  # whoever presses first signs in
    assert signed_in_as(other) == application.candidate.pk
    assert client.post(path).status_code == 410  # the asking browser is not signed in too
    assert signed_in_as(client) is None


def test_signing_in_as_someone_else_replaces_the_session_and_its_key(client):
    first, second = ApplicationFactory(), ApplicationFactory()
    portal_client(first.candidate, client)
    old_key = client.session.session_key
    path = ask_for_link(Client(), second.candidate.email)

    client.post(path)

    assert signed_in_as(client) == second.candidate.pk
    assert client.session.session_key != old_key  # a planted session key is worth nothing
    assert first.job.title not in client.get(reverse("portal:home")).content.decode()


def test_signing_in_spends_the_older_links_still_in_the_inbox(client):
    application = ApplicationFactory()
    older = ask_for_link(client, application.candidate.email)
    newer = ask_for_link(client, application.candidate.email)

    assert client.post(newer).status_code == 302

    assert Client().post(older).status_code == 410


def test_sessions_end_when_idle_or_too_old(client, settings):
    application = ApplicationFactory()
    home = reverse("portal:home")
    for field, age in (
        ("seen", timedelta(minutes=settings.HRFLOW_PORTAL_IDLE_MINUTES, seconds=1)),
        ("since", timedelta(hours=settings.HRFLOW_PORTAL_MAX_HOURS, seconds=1)),
    ):
        portal_client(application.candidate, client)
        assert client.get(home).status_code == 200
        session = client.session
        session[SESSION_KEY][field] = (timezone.now() - age).isoformat()
        session.save()

        response = client.get(home)

        assert response.status_code == 302, field
        assert response.url.startswith(reverse("portal:sign-in"))
        assert signed_in_as(client) is None


def test_a_request_keeps_an_idle_session_alive(client, settings):
    application = ApplicationFactory()
    portal_client(application.candidate, client)
    session = client.session
    half = timedelta(minutes=settings.HRFLOW_PORTAL_IDLE_MINUTES // 2 + 1)
    session[SESSION_KEY]["seen"] = (timezone.now() - half).isoformat()
    session.save()

    assert client.get(reverse("portal:home")).status_code == 200
    seen = client.session[SESSION_KEY]["seen"]
    assert timezone.now() - timezone.datetime.fromisoformat(seen) < timedelta(minutes=1)


def test_an_erased_candidate_can_neither_sign_in_nor_stay_signed_in(client):
    application = ApplicationFactory()
    path = ask_for_link(client, application.candidate.email)
    portal_client(application.candidate, client)
    Candidate.objects.filter(pk=application.candidate.pk).update(erased_at=timezone.now())

    assert client.get(reverse("portal:home")).status_code == 302
    assert Client().post(path).status_code == 410
    assert ask_for_link(Client(), application.candidate.email) == ""


def test_sign_out_ends_the_portal_session_only(client):
    application = ApplicationFactory()
    recruiter = recruiter_for(application.job)
    client.force_login(recruiter)
    portal_client(application.candidate, client)

    response = client.post(reverse("portal:sign-out"))

    assert response.status_code == 302
    assert signed_in_as(client) is None
    assert client.get(reverse("portal:home")).status_code == 302
    # The recruiter's own sign-in in the same browser is untouched.
    detail = reverse("recruiting:candidate-detail", args=[application.candidate.pk])
    assert client.get(detail).status_code == 200


def test_the_address_limit_answers_429_and_sends_nothing_more(client):
    application = ApplicationFactory()
    limit = portal_access.PER_ADDRESS.limit
    paths = [ask_for_link(Client(), application.candidate.email) for _ in range(limit)]

    over = Client().post(SIGN_IN, {"email": application.candidate.email})
    message_requests_settle()

    assert all(paths)
    assert over.status_code == 429  # nobody can flood an inbox
    assert PortalLoginLink.objects.count() == limit


def test_the_client_limit_answers_429_and_sends_nothing(client):
    application = ApplicationFactory()
    for n in range(portal_access.PER_CLIENT.limit):
        client.post(SIGN_IN, {"email": f"someone{n}@example.com"})

    response = client.post(SIGN_IN, {"email": application.candidate.email})

    assert response.status_code == 429
    assert not OutboxMessage.objects.filter(event="magic_link").exists()


def test_the_sign_in_forms_need_their_csrf_token():
    application = ApplicationFactory()
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(SIGN_IN, {"email": application.candidate.email}).status_code == 403
    portal_link_request(email=application.candidate.email, ip="203.0.113.9", session_key="")
    message_requests_settle()
    link = PortalLoginLink.objects.get()
    assert link.used_at is None
    assert browser.post("/portal/in/anything/").status_code == 403


def test_portal_pages_carry_the_security_headers(client):
    application = ApplicationFactory()
    portal_client(application.candidate, client)

    for url in (reverse("portal:home"), SIGN_IN):
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in response
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
    assert client.get(reverse("portal:home"))["Cache-Control"] == "private, no-store"


def test_staff_see_that_a_sign_in_link_went_out_but_not_the_link(client):
    application = ApplicationFactory()
    path = ask_for_link(Client(), application.candidate.email)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(hr)

    page = client.get(reverse("recruiting:candidate-detail", args=[application.candidate.pk]))

    assert page.status_code == 200
    assert path.split("/")[3] not in page.content.decode()
    assert "/portal/in/" not in page.content.decode()
