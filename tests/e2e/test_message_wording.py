"""HR rewords a message in real headless Chromium: the preview follows as they type, a
placeholder that does not exist is named before saving, and the saved text is used."""

import pytest
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from hrflow.notifications.models import NotificationTemplate
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_rewords_the_offer_email_with_a_live_preview(page, live_server, screenshot_dir, request):
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "hr@example.com")

    page.get_by_role("link", name="消息通知", exact=True).click()
    page.wait_for_url("**/notifications/templates/")
    shoot(page, screenshot_dir, request, "1-wording-zh")
    page.click("[data-testid=edit-offer_sent-email-zh-hans]")
    preview = page.locator("[data-testid=preview-body]")
    expect(preview).to_contain_text("李娜 / Li Na")  # the built-in text, filled with samples

    page.fill("textarea[name=body]", "{{ candidate_name }}，恭喜！薪资：{{ salary }}")
    expect(page.locator("[data-testid=preview-problem]")).to_contain_text("salary")
    page.fill("textarea[name=body]", "{{ candidate_name }}，恭喜您获得{{ job_title }}职位录用！")
    expect(preview).to_contain_text("李娜 / Li Na，恭喜您获得数据分析师 / Data analyst职位录用！")
    expect(page.locator("[data-testid=preview-problem]")).to_have_count(0)
    assert not NotificationTemplate.objects.exists()  # typing saves nothing
    shoot(page, screenshot_dir, request, "2-editing-zh")

    page.click("button[name=save]")
    expect(page.locator(".messages, [role=status], .message").first).to_be_visible()
    stored = NotificationTemplate.objects.get(
        event="offer_sent", channel="email", language="zh-hans"
    )
    assert stored.body == "{{ candidate_name }}，恭喜您获得{{ job_title }}职位录用！"
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/notifications/settings/")
    shoot(page, screenshot_dir, request, "3-policy-en")
    page.goto(f"{live_server.url}/notifications/outbox/")
    shoot(page, screenshot_dir, request, "4-outbox-en")
    assert not errors
