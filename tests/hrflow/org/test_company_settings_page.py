"""HR's company page: the name candidates see, the time zone, the working week."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from hrflow.org.models import CompanySettings
from hrflow.org.selectors import company_current
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("org:company-settings")
GOOD = {
    "company_name": "ACME",
    "time_zone": "Europe/Berlin",
    "working_days": ["1", "2", "3", "4", "6"],
    "working_day_start": "08:30",
    "working_day_end": "17:00",
}


@pytest.fixture
def hr(client):
    user = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def _stored() -> tuple:
    company = company_current()
    return (
        company.company_name,
        company.time_zone,
        company.working_days,
        str(company.working_day_start),
        str(company.working_day_end),
    )


def test_hr_admin_saves_the_company_and_it_is_audited(client, hr):
    response = client.post(URL, GOOD)

    assert response.status_code == 302
    assert response.url == URL
    assert _stored() == ("ACME", "Europe/Berlin", [1, 2, 3, 4, 6], "08:30:00", "17:00:00")
    event = AuditEvent.objects.get(action="org.company_settings_save")
    assert event.actor == hr
    assert event.changes["company_name"] == ["hrflow", "ACME"]
    assert "Company settings saved." in client.get(URL).content.decode()


def test_the_page_shows_the_saved_values(client, hr):
    client.post(URL, GOOD)

    html = client.get(URL).content.decode()

    assert 'value="ACME"' in html
    # The time zones, written without a template per option, show the saved one chosen.
    assert '<select id="id_time_zone" name="time_zone">' in html
    assert '<option value="Europe/Berlin" selected>Europe/Berlin</option>' in html
    assert html.count("<option value=") > 400
    assert 'value="6" id="id_working_days_5" checked' in html
    assert 'value="5" id="id_working_days_4" checked' not in html


@pytest.mark.parametrize("role", [role for role in Role if role != Role.HR_ADMIN])
def test_every_other_role_is_refused(client, role):
    client.force_login(UserFactory(roles=[role]))
    company_current()
    before = _stored()

    assert client.get(URL).status_code == 404
    assert client.post(URL, GOOD).status_code == 404
    assert _stored() == before


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice."),
        ({"working_days": []}, "Choose at least one working day."),
        ({"working_day_end": "08:00"}, "The working day must end after it starts."),
        ({"company_name": "   "}, "This field is required."),
    ],
)
def test_a_wrong_value_is_a_form_error_and_nothing_changes(client, hr, change, error):
    company_current()
    before = _stored()

    response = client.post(URL, {**GOOD, **change})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert _stored() == before
    assert not AuditEvent.objects.filter(action="org.company_settings_save").exists()


def test_candidates_see_the_new_name_and_dates_follow_the_new_zone(client, hr):
    """The pages that read the company (here the careers site) read it from org."""
    client.post(URL, GOOD)

    board = client.get(reverse("careers:job-list")).content.decode()

    assert "ACME" in board
    assert company_current().zone.key == "Europe/Berlin"
    assert CompanySettings.objects.count() == 1


def test_the_menu_offers_the_page_to_hr_admins_only(client, hr):
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert f'href="{URL}"' in dashboard

    client.force_login(UserFactory(roles=[Role.RECRUITER]))
    assert f'href="{URL}"' not in client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"company_name": "AC\x00ME"},
        {"time_zone": "Asia/Shanghai\x00"},
        {"working_days": ["²"]},
        {"working_days": ["99999999999999999999"]},
        {"working_days": ["NaN"]},
        {"working_day_start": "NaN"},
        {"working_day_end": "²"},
        {"working_day_start": "99999999999999999999"},
        {"company_name": "x" * 10_000},
    ],
    ids=lambda change: repr(change)[:40],
)
def test_hostile_values_are_refused_and_change_nothing(client, hr, change):
    company_current()
    before = _stored()

    response = client.post(URL, {**GOOD, **change})

    assert response.status_code in (200, 400)  # the form again with its error, or refused
    assert _stored() == before
    assert not AuditEvent.objects.filter(action="org.company_settings_save").exists()
