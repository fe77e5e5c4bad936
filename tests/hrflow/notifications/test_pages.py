"""HR's notification pages: wording with a live preview, the sending policy, the outbox log."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.core.models import AuditEvent
from hrflow.notifications.models import NotificationSettings, NotificationTemplate, OutboxMessage
from hrflow.notifications.services import outbox_enqueue
from hrflow.org.models import CompanySettings
from hrflow.org.selectors import company_current
from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db

EDIT = ("notifications:template-edit", ("rejected", "email", "en"))


@pytest.fixture
def hr(client):
    user = UserFactory(roles=[Role.HR_ADMIN])
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def test_every_other_role_is_refused_the_event_pages(client):
    urls = [
        reverse(EDIT[0], args=EDIT[1]),
        reverse("notifications:template-preview", args=EDIT[1]),
    ]
    for role in Role:
        if role == Role.HR_ADMIN:
            continue
        client.force_login(UserFactory(roles=[role]))
        assert [client.get(url).status_code for url in urls[:1]] == [404]
        assert client.post(urls[1], {"body": "x"}).status_code == 404


def test_the_list_shows_each_event_and_which_texts_were_edited(client, hr):
    NotificationTemplate.objects.create(
        event="rejected", channel="email", language="en", subject="s", body="b"
    )
    page = client.get(reverse("notifications:template-list")).content.decode()
    assert "Interview reminder" in page
    assert "Offer sent" in page
    assert page.count("edited") >= 1
    # SMS wording only for events that are texted.
    assert 'data-testid="edit-rejected-sms-en"' not in page
    assert 'data-testid="edit-offer_sent-sms-en"' in page


def test_saving_a_text_keeps_it_and_the_preview_fills_sample_values(client, hr):
    url = reverse(EDIT[0], args=EDIT[1])
    response = client.post(
        url, {"subject": "Update on {{ job_title }}", "body": "Hi {{ candidate_name }}", "save": ""}
    )
    assert response.status_code == 302
    stored = NotificationTemplate.objects.get(event="rejected", channel="email", language="en")
    assert stored.body == "Hi {{ candidate_name }}"
    assert stored.updated_by == hr
    page = client.get(url).content.decode()
    assert "Hi 李娜 / Li Na" in page
    assert AuditEvent.objects.filter(action="notifications.template_save").exists()


def test_template_code_is_refused_and_nothing_is_saved(client, hr):
    response = client.post(
        reverse(EDIT[0], args=EDIT[1]),
        {"subject": "x", "body": "{% load static %}{{ candidate_name|upper }}", "save": ""},
    )
    assert response.status_code == 200
    assert "Only {{ variable }} placeholders" in response.content.decode()
    assert not NotificationTemplate.objects.exists()


def test_the_live_preview_saves_nothing_and_names_unknown_variables(client, hr):
    response = client.post(
        reverse("notifications:template-preview", args=EDIT[1]),
        {"subject": "About {{ job_title }}", "body": "Dear {{ candidate_name }}, {{ salary }}"},
    )
    body = response.content.decode()
    assert "About 数据分析师 / Data analyst" in body
    assert "Dear 李娜 / Li Na" in body
    assert "salary" in body  # named as unknown
    assert not NotificationTemplate.objects.exists()


def test_reset_goes_back_to_the_built_in_text(client, hr):
    NotificationTemplate.objects.create(
        event="rejected", channel="email", language="en", subject="s", body="mine"
    )
    client.post(reverse(EDIT[0], args=EDIT[1]), {"reset": ""})
    assert not NotificationTemplate.objects.exists()


def test_the_sending_policy_is_saved_and_checked(client, hr):
    url = reverse("notifications:settings")
    good = {"quiet_hours_start": "22:00", "quiet_hours_end": "07:30", "rejection_delay_hours": "48"}
    assert client.post(url, good).status_code == 302
    policy = NotificationSettings.objects.get()
    assert policy.rejection_delay_hours == 48
    assert str(policy.quiet_hours_end) == "07:30:00"
    assert AuditEvent.objects.filter(action="notifications.settings_save").exists()
    bad = {**good, "rejection_delay_hours": "9999", "quiet_hours_end": "06:00"}
    assert client.post(url, bad).status_code == 200
    policy.refresh_from_db()
    assert (policy.rejection_delay_hours, str(policy.quiet_hours_end)) == (48, "07:30:00")


def test_the_sending_policy_points_to_the_company_page_for_name_and_time_zone(client, hr):
    """The company's name and time zone are set in org, not among the quiet hours."""
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="time_zone"' not in html
    assert 'name="company_name"' not in html
    assert 'data-testid="company-settings-link"' in html
    assert f'href="{reverse("org:company-settings")}"' in html


def test_the_outbox_lists_messages_and_sends_uncertain_ones_again(
    client, hr, django_assert_max_num_queries
):
    for number in range(30):
        outbox_enqueue(
            idempotency_key=f"k{number}",
            channel="email",
            event="rejected",
            recipient=f"{number}@x.cn",
        )
    uncertain = OutboxMessage.objects.get(idempotency_key="k3")
    OutboxMessage.objects.filter(pk=uncertain.pk).update(status=OutboxMessage.Status.UNCERTAIN)
    url = reverse("notifications:outbox")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count('data-testid="outbox-row"') == 30
    assert "Delivery uncertain" in client.get(url + "?status=uncertain").content.decode()
    assert "Rejected" in page  # the event by its name, not its code
    client.post(url, {"message": [uncertain.pk]})
    uncertain.refresh_from_db()
    assert uncertain.status == OutboxMessage.Status.PENDING


def test_the_preview_signs_with_the_companys_name_as_real_messages_do(client, hr):
    CompanySettings.objects.filter(pk=company_current().pk).update(company_name="星辰科技")

    edit = client.get(reverse(EDIT[0], args=EDIT[1])).content.decode()
    live = client.post(
        reverse("notifications:template-preview", args=EDIT[1]),
        {"subject": "{{ company_name }}", "body": "Regards, {{ company_name }}"},
    ).content.decode()

    assert "星辰科技" in edit
    assert "Regards, 星辰科技" in live
    assert "ACME" not in edit + live
