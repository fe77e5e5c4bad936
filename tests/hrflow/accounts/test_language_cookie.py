"""The language cookie carries the production flags wherever it is set (issue 12, point 12)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.hrflow.factories import UserFactory
from tests.portal.test_sign_in import ask_for_link
from tests.recruiting.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secure_cookies(settings):
    settings.LANGUAGE_COOKIE_SECURE = True


def test_the_staff_language_switch_sets_a_secure_cookie(client, secure_cookies):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:language-switch"), {"language": "en", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["secure"], cookie["samesite"]) == ("en", True, "Lax")


def test_the_portal_sign_in_sets_a_secure_cookie(secure_cookies):
    application = ApplicationFactory(candidate=CandidateFactory(language="en"))
    browser = Client()
    path = ask_for_link(browser, application.candidate.email)

    signed_in = browser.post(path)

    cookie = signed_in.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["secure"], cookie["samesite"]) == ("en", True, "Lax")
