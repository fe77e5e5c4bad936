"""Every URL has an authorization rule (RELIABILITY.md row 19, ASVS 8.2.1).

Walks the URL resolver: a new URL that is not listed here fails the suite, so
no page ships without someone deciding who may open it. Django admin's URLs
are covered by the admin site's own staff check, tested once below.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hrflow.accounts.roles import Role
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

# Open to anyone: signing in, resetting a password, choosing a language.
PUBLIC = {
    "accounts:login",
    "accounts:logout",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:language-switch",
}
# Any signed-in user; anonymous visitors are sent to sign in.
SIGNED_IN = {
    "accounts:password-change",
    "web:dashboard",
}
# Only some roles; everyone else gets 404 as if the page did not exist.
ROLE_ONLY = {
    "web:system-status": {Role.HR_ADMIN},
}
SAMPLE_KWARGS = {"uidb64": "MQ", "token": "set-password"}


def _named_urls(patterns=None, namespace="") -> list[str]:
    names = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names += _named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            label = entry.name or f"<unnamed {entry.pattern}>"
            names.append(f"{namespace}{label}")
    return names


def _url(name: str) -> str:
    try:
        return reverse(name)
    except Exception:
        return reverse(name, kwargs=SAMPLE_KWARGS)


def test_every_url_has_a_rule():
    ours = [name for name in _named_urls() if not name.startswith("admin:")]
    listed = PUBLIC | SIGNED_IN | set(ROLE_ONLY)
    assert sorted(set(ours) - listed) == [], "decide who may open these URLs, then list them"
    assert sorted(listed - set(ours)) == [], "listed URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(SIGNED_IN | set(ROLE_ONLY)))
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "roles"), sorted(ROLE_ONLY.items()))
def test_role_only_pages_are_404_for_other_roles(client, name, roles):
    for role in Role:
        client.force_login(UserFactory(roles=[role]))
        status = client.get(_url(name)).status_code
        assert (status == 200) is (role in roles), (name, role, status)
        assert status in (200, 404)


def test_admin_site_is_for_admin_site_users_only(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))  # no is_staff
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
