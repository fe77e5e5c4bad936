"""`manage.py api_token <email>` prints a user's token; the token then works on the API."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


def _token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_prints_a_token_that_signs_the_user_in() -> None:
    UserFactory(email="ats-bridge@example.com", roles=[Role.HR_ADMIN])

    key = _token("ATS-Bridge@example.com")

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:job-list")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.api_token_create").count() == 1


def test_running_again_prints_the_same_token() -> None:
    UserFactory(email="bridge@example.com", roles=[Role.RECRUITER])

    assert _token("bridge@example.com") == _token("bridge@example.com")


def test_rotate_replaces_the_token() -> None:
    UserFactory(email="bridge@example.com", roles=[Role.RECRUITER])
    old = _token("bridge@example.com")

    new = _token("bridge@example.com", "--rotate")

    assert new != old
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get(reverse("api:job-list")).status_code == 401


@pytest.mark.parametrize("active", [True, False])
def test_refuses_unknown_and_deactivated_users(active: bool) -> None:
    UserFactory(email="gone@example.com", is_active=active)
    email = "nobody@example.com" if active else "gone@example.com"

    with pytest.raises(CommandError):
        _token(email)


def test_warns_when_the_user_has_no_role() -> None:
    UserFactory(email="plain@example.com")
    err = StringIO()

    call_command("api_token", "plain@example.com", stdout=StringIO(), stderr=err)

    assert "no role" in err.getvalue()
