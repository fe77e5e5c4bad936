"""Every URL has an authorization rule (docs/RELIABILITY.md row 19, ASVS 8.2.1).

Walks the URL resolver: a new URL that is not listed here fails the suite, so
no page ships without someone deciding who may open it. Django admin's URLs
are covered by the admin site's own staff check, tested once below.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hrflow.accounts.roles import Role
from tests.hrflow.factories import UserFactory
from tests.url_rules import analytics as url_rules_analytics
from tests.url_rules import api as url_rules_api
from tests.url_rules import careers as url_rules_careers
from tests.url_rules import core as url_rules_core
from tests.url_rules import employees as url_rules_employees
from tests.url_rules import employees_contracts as url_rules_employees_contracts
from tests.url_rules import employees_leaving as url_rules_employees_leaving
from tests.url_rules import employees_metrics as url_rules_employees_metrics
from tests.url_rules import employees_onboarding as url_rules_employees_onboarding
from tests.url_rules import employees_pay as url_rules_employees_pay
from tests.url_rules import employees_pay_review as url_rules_employees_pay_review
from tests.url_rules import employees_pay_runs as url_rules_employees_pay_runs
from tests.url_rules import employees_performance as url_rules_employees_performance
from tests.url_rules import employees_structure as url_rules_employees_structure
from tests.url_rules import employees_time as url_rules_employees_time
from tests.url_rules import employees_time_api as url_rules_employees_time_api
from tests.url_rules import employees_training as url_rules_employees_training
from tests.url_rules import integrations as url_rules_integrations
from tests.url_rules import notifications as url_rules_notifications
from tests.url_rules import portal as url_rules_portal
from tests.url_rules import recruiting_pages as url_rules_recruiting_pages

pytestmark = pytest.mark.django_db

# The rule tables live per area in tests/url_rules/, merged here.
RULE_MODULES = (
    url_rules_core,
    url_rules_analytics,
    url_rules_recruiting_pages,
    url_rules_api,
    url_rules_integrations,
    url_rules_notifications,
    url_rules_careers,
    url_rules_portal,
    url_rules_employees_onboarding,
    url_rules_employees_contracts,
    url_rules_employees,
    url_rules_employees_leaving,
    url_rules_employees_structure,
    url_rules_employees_performance,
    url_rules_employees_metrics,
    url_rules_employees_training,
    url_rules_employees_time,
    url_rules_employees_time_api,
    url_rules_employees_pay,
    url_rules_employees_pay_runs,
    url_rules_employees_pay_review,
)
PUBLIC = set().union(*(module.PUBLIC for module in RULE_MODULES))
SIGNED_IN = set().union(*(module.SIGNED_IN for module in RULE_MODULES))
ROLE_ONLY = {name: roles for module in RULE_MODULES for name, roles in module.ROLE_ONLY.items()}
API = set().union(*(module.API for module in RULE_MODULES))
VENDOR_SIGNED = url_rules_integrations.VENDOR_SIGNED
CANDIDATE = url_rules_portal.CANDIDATE
NEW_HIRE = url_rules_employees_onboarding.NEW_HIRE
SAMPLE_KWARGS = {
    "uidb64": "MQ",
    "token": "set-password",
    "pk": 1,
    "stage_pk": 1,
    "event": "rejected",
    "channel": "email",
    "language": "en",
    "moment": "after_decision",
    "page": "details",
    "ref": "E000001",
    "field": "id_number",
    "key": "efficiency",
    "report": "tax",
    "kind": "csv",
}


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
    from django.urls import NoReverseMatch

    for keys in (
        (),
        ("pk",),
        ("pk", "stage_pk"),
        ("uidb64", "token"),
        ("token",),
        ("event", "channel", "language"),
        ("pk", "moment"),
        ("page",),
        ("ref",),
        ("ref", "field"),
        ("key",),
        ("pk", "report"),
        ("pk", "report", "kind"),
    ):
        try:
            return reverse(name, kwargs={key: SAMPLE_KWARGS[key] for key in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a sample URL for {name}")


def test_every_url_has_a_rule():
    ours = [name for name in _named_urls() if not name.startswith("admin:")]
    listed = PUBLIC | SIGNED_IN | set(ROLE_ONLY) | API | VENDOR_SIGNED | CANDIDATE | NEW_HIRE
    assert sorted(set(ours) - listed) == [], "decide who may open these URLs, then list them"
    assert sorted(listed - set(ours)) == [], "listed URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(SIGNED_IN | set(ROLE_ONLY)))
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(_url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(CANDIDATE))
def test_portal_pages_send_everyone_but_a_signed_in_candidate_to_the_portal_sign_in(client, name):
    """Staff accounts are not candidates: a recruiter's session opens no portal page."""
    for user in (None, UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True)):
        if user is not None:
            client.force_login(user)
        response = client.get(_url(name))
        assert response.status_code == 302, (name, user)
        assert response.url.startswith(reverse("portal:sign-in"))


@pytest.mark.parametrize("name", sorted(NEW_HIRE))
def test_preboarding_pages_are_for_a_new_hire_signed_in_by_their_link_only(client, name):
    """Staff accounts are not new hires: a staff session opens no pre-boarding page."""
    for user in (None, UserFactory(roles=[Role.HR_ADMIN], is_staff=True, is_superuser=True)):
        if user is not None:
            client.force_login(user)
        response = client.get(_url(name))
        assert response.status_code in (403, 405), (name, user)
        assert b"welcome-signed-out" in response.content or response.status_code == 405


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


@pytest.mark.parametrize("name", sorted(API))
def test_api_refuses_anonymous_callers(client, name):
    """API endpoints answer 401/403 JSON to callers without a session or token."""
    response = client.get(_url(name))
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
