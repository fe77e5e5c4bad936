"""Sign-in, sign-out, password change and reset, lockout, and the language switch."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.sign_in_language import PICKED_AT_COOKIE
from hrflow.notifications.delivery import deliver_due
from hrflow.notifications.requests import message_requests_settle
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")


def _login(client, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def test_login_with_any_case_of_the_address_lands_on_the_dashboard(client):
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language="en")

    response = _login(client, "HR@Example.com", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("web:dashboard")
    # the session starts in the language the user chose last time
    assert response.cookies["django_language"].value == "en"


def test_language_picked_before_login_wins_and_is_remembered(client):
    user = UserFactory(email="a@example.com", language="zh-hans")
    client.post(reverse("accounts:language-switch"), {"language": "en", "next": LOGIN_URL})

    response = _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert User.objects.get(pk=user.pk).language == "en"


# Issue 14, point 21: the sign-in page's language carries on, unless the user chose one.


def test_without_a_choice_of_their_own_the_sign_in_pages_language_carries_on(client):
    user = UserFactory(email="a@example.com", language="zh-hans", language_chosen_at=None)

    response = client.post(
        LOGIN_URL,
        {"username": "a@example.com", "password": DEFAULT_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )

    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert (user.language, user.language_chosen_at) == ("en", None)  # used, not chosen


def test_the_sign_in_pages_cookie_carries_on_too(client):
    UserFactory(email="a@example.com", language="en", language_chosen_at=None)
    client.cookies["django_language"] = "zh-hans"

    response = _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert response.cookies["django_language"].value == "zh-hans"


def test_a_language_chosen_in_the_settings_wins_over_the_sign_in_pages(client):
    user = UserFactory(email="a@example.com", language="en", language_chosen_at=None)
    chooser = Client()
    chooser.force_login(user)
    chooser.post(reverse("accounts:language-switch"), {"language": "zh-hans", "next": "/"})

    response = client.post(
        LOGIN_URL,
        {"username": "a@example.com", "password": DEFAULT_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )

    assert response.cookies["django_language"].value == "zh-hans"


def test_a_pick_on_the_sign_in_page_after_the_saved_choice_wins(client):
    user = UserFactory(email="a@example.com", language="en")  # chose English earlier
    client.post(reverse("accounts:language-switch"), {"language": "zh-hans", "next": LOGIN_URL})

    response = _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert response.cookies["django_language"].value == "zh-hans"
    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert user.language_chosen_at is not None


def test_a_signed_out_pick_is_kept_in_a_cookie_and_forgotten_at_sign_in(client):
    """No session row for a careers-site visitor who switches language."""
    UserFactory(email="a@example.com")

    picked = client.post(reverse("accounts:language-switch"), {"language": "en", "next": "/"})
    signed_in = _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert picked.cookies[PICKED_AT_COOKIE].value
    assert not Session.objects.exclude(pk=signed_in.cookies["sessionid"].value).exists()
    assert signed_in.cookies[PICKED_AT_COOKIE]["max-age"] == 0


def test_a_saved_choice_made_after_the_pick_on_the_sign_in_page_wins(client):
    user = UserFactory(email="a@example.com", language="en", language_chosen_at=None)
    client.post(reverse("accounts:language-switch"), {"language": "en", "next": LOGIN_URL})
    chooser = Client()  # meanwhile, signed in elsewhere, they choose Chinese
    chooser.force_login(user)
    chooser.post(reverse("accounts:language-switch"), {"language": "zh-hans", "next": "/"})

    response = _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert response.cookies["django_language"].value == "zh-hans"


def test_sign_in_and_sign_out_are_audited_with_the_address(client):
    from hrflow.core.models import AuditEvent

    user = UserFactory(email="a@example.com")
    _login(client, "a@example.com", DEFAULT_PASSWORD)
    client.post(reverse("accounts:logout"))

    events = list(AuditEvent.objects.order_by("id").values_list("action", "actor", "changes"))
    assert events == [
        ("accounts.login", user.pk, {"ip": "127.0.0.1"}),
        ("accounts.logout", user.pk, {"ip": "127.0.0.1"}),
    ]


def test_signed_in_pages_are_not_cached(client):
    client.force_login(UserFactory())
    assert client.get(reverse("web:dashboard"))["Cache-Control"] == "private, no-store"


def test_login_rotates_the_session_key(client):
    """A session id known before sign-in is useless after it (ASVS 7.2.4)."""
    UserFactory(email="a@example.com")
    client.get(LOGIN_URL)
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value

    _login(client, "a@example.com", DEFAULT_PASSWORD)

    assert client.cookies["sessionid"].value != before


def test_wrong_password_shows_a_clear_error(client):
    UserFactory(email="a@example.com")
    response = client.post(
        LOGIN_URL, {"username": "a@example.com", "password": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "not right" in response.content.decode()


def test_pages_need_a_login(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_logout_is_post_only(client):
    """A link or image cannot sign anyone out (CSRF-safe state change)."""
    user = UserFactory()
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 302


def test_repeated_failures_lock_the_account_for_that_address(client, settings):
    """After AXES_FAILURE_LIMIT failures even the right password is refused."""
    UserFactory(email="target@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "target@example.com", "wrong-password")
        assert response.status_code == 200
    assert _login(client, "target@example.com", "wrong-password").status_code == 429

    locked = _login(client, "target@example.com", DEFAULT_PASSWORD)

    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # the lockout is per username+address: the same user from elsewhere still signs in
    other_client = client.__class__(REMOTE_ADDR="10.9.8.7")
    assert _login(other_client, "target@example.com", DEFAULT_PASSWORD).status_code == 302


def test_behind_a_proxy_the_lockout_keys_on_the_forwarded_client(client, settings):
    """Every request reaches the app from the proxy's address; one attacker must not
    lock the account for everyone behind the same proxy."""
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 1
    UserFactory(email="target@example.com")
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.9", "REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN_URL, {"username": "target@example.com", "password": "x"}, **attacker)

    locked = client.post(
        LOGIN_URL, {"username": "target@example.com", "password": DEFAULT_PASSWORD}, **attacker
    )
    owner = client.__class__().post(
        LOGIN_URL,
        {"username": "target@example.com", "password": DEFAULT_PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="10.0.0.2",
    )

    assert locked.status_code == 429
    assert owner.status_code == 302


def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(client, settings):
    """X-Forwarded-For is ignored when no proxy is configured, so it cannot dodge lockout."""
    settings.HRFLOW_TRUSTED_PROXY_COUNT = 0
    UserFactory(email="target@example.com")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN_URL,
            {"username": "target@example.com", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    retry = client.post(
        LOGIN_URL,
        {"username": "target@example.com", "password": DEFAULT_PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )

    assert retry.status_code == 429


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password-change")
    new = "a much longer new passphrase"

    bad = client.post(url, {"old_password": "x", "new_password1": new, "new_password2": new})
    assert bad.status_code == 200
    good = client.post(
        url,
        {"old_password": DEFAULT_PASSWORD, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # the user stays signed in and is told, in a flash message, on the next page
    page = client.get(good.url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Your password has been changed." in page.content.decode()


def test_password_reset_mails_a_single_use_link(client):
    user = UserFactory(email="forgot@example.com")

    response = client.post(reverse("accounts:password-reset"), {"email": "FORGOT@example.com"})
    message_requests_settle()  # the worker's half (tests/hrflow/accounts/test_password_reset.py)
    deliver_due(time_budget_seconds=10)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session marker
    new = "another long passphrase"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # the same link does not work twice
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_password_reset_answers_the_same_for_unknown_addresses(client):
    """No account enumeration: same redirect, and no mail is sent."""
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.com"})
    message_requests_settle()
    deliver_due(time_budget_seconds=10)
    assert response.status_code == 302
    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_language_switch_sets_the_cookie_and_remembers_it(client):
    user = UserFactory(language="zh-hans")
    client.force_login(user)

    response = client.post(
        reverse("accounts:language-switch"),
        {"language": "en", "next": "/accounts/password/change/"},
    )

    assert response.status_code == 302
    assert response.url == "/accounts/password/change/"
    assert response.cookies["django_language"].value == "en"
    assert User.objects.get(pk=user.pk).language == "en"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.post(
        reverse("accounts:language-switch"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert "django_language" not in response.cookies


def test_argon2_is_the_first_hasher_of_the_real_settings():
    """Tests hash with MD5 for speed; every real environment starts with Argon2."""
    from hrflow.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_old_hashes_are_upgraded_to_argon2_on_login(client, settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = UserFactory(email="old@example.com")
    User.objects.filter(pk=user.pk).update(
        password=make_password(DEFAULT_PASSWORD, hasher="pbkdf2_sha256")
    )

    assert _login(client, "old@example.com", DEFAULT_PASSWORD).status_code == 302

    assert User.objects.get(pk=user.pk).password.startswith("argon2")
