"""The lockout counts failures per person, however the address is spelled (issue 12, point 2).

Sign-in finds the account whatever the case of the address, so the lockout
must count on the same normalised address: otherwise each spelling of one
address (emp@, EmP@, " EMP@ ") gets its own five tries, and a locked account
opens with another spelling. Both sign-in forms are covered: ours and Django
admin's. (There is no API endpoint that takes a password: API tokens are made
with `manage.py api_token`.)
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from hrflow.accounts.models import User
from hrflow.accounts.sign_in import address_key
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SPELLINGS = ["emp@example.com", "EmP@example.com", "EMP@EXAMPLE.COM", " emp@Example.com "]
FORMS = {"login": reverse("accounts:login"), "admin": reverse("admin:login")}


def _post(client: Client, form: str, address: str, password: str):
    return client.post(FORMS[form], {"username": address, "password": password})


@pytest.fixture
def employee() -> User:
    # Staff, so that the right password opens Django admin too.
    return UserFactory(email="emp@example.com", is_staff=True)


@pytest.mark.parametrize("form", FORMS)
def test_a_locked_account_stays_locked_in_every_spelling(client, settings, employee, form):
    """Five failures as emp@ lock the account for EmP@ too, even with the right password."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post(client, form, "emp@example.com", "wrong-password")

    for spelling in SPELLINGS[1:]:
        response = _post(client, form, spelling, DEFAULT_PASSWORD)

        assert response.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("form", FORMS)
def test_spellings_share_one_count_of_failures(client, settings, employee, form):
    """Changing the spelling does not buy fresh tries: the limit counts them all."""
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post(client, form, SPELLINGS[attempt % len(SPELLINGS)], "wrong-password")
        assert response.status_code == 200

    last = _post(client, form, "eMp@example.COM", "wrong-password")

    assert last.status_code == 429
    assert _post(client, form, "emp@example.com", DEFAULT_PASSWORD).status_code == 429
    # one record, under the address as sign-in finds the account
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["emp@example.com"]


def test_a_success_in_another_spelling_clears_the_failures(client, settings, employee):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post(client, "login", "EMP@example.com", "wrong-password")

    assert _post(client, "login", " Emp@Example.com", DEFAULT_PASSWORD).status_code == 302

    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("emp@example.com", "emp@example.com"),
        ("  EmP@Example.COM\t", "emp@example.com"),
        # full-width letters, as a Chinese input method may type them
        ("\uff45\uff4d\uff50@Example.com", "emp@example.com"),
        ("", ""),
    ],
)
def test_the_address_key_is_what_sign_in_looks_up(employee, typed, key):
    """One normalisation for counting and for finding the account."""
    assert address_key(typed) == key
    if key:
        assert User.objects.get_by_natural_key(typed) == employee
