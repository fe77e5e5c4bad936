"""The manager approves from the link in their notice, on a phone (issue 18 point 11),
in real Chromium at 390 × 844 (and a look at 1280 × 800), Chinese and English: the
link asks them to sign in, comes back to the request, one tap approves it, and the
same link then says it is decided."""

from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from employees.leave.requests import available_hours, leave_request_submit
from employees.models import LeaveRequest
from hrflow.notifications.models import OutboxMessage
from tests.employees.leave.scene import grant, leave_type
from tests.employees.records.scene import Team, team
from tests.fixtures.browser import shoot
from tests.hrflow.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
LINK_START = "/employees/time/approve/"


def _scene(language: str) -> Team:
    with translation.override(language):
        scene = team()
    for user in (scene.boss_user, scene.report_user):
        user.language = language
        user.save(update_fields=["language"])
    grant(scene.report, "annual", "40")
    return scene


def _phone(browser: Any, language: str, base_url: str) -> Any:
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _link_path(message: OutboxMessage) -> str:
    """The link of the notice, on the test server (the notice names the public host)."""
    word = next(word for word in message.body.split() if LINK_START in word)
    return urlsplit(word).path


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_manager_approves_from_the_notice_link_on_a_phone(
    browser, live_server, screenshot_dir, request, language
):
    scene = _scene(language)
    base = live_server.url
    leave = leave_request_submit(
        employee=scene.report, leave_type=leave_type("annual"), start_day=date(2026, 9, 30),
        end_day=date(2026, 10, 1), reason="回老家", actor=scene.report_user,
    )  # fmt: skip
    notice = OutboxMessage.objects.get(event="leave_request_waiting")
    assert notice.recipient == scene.boss_user.email
    assert ("一键批准或拒绝" if language == "zh-hans" else "in one tap") in notice.body
    link = _link_path(notice)

    context, page = _phone(browser, language, base)
    try:
        # Signed out: the link goes to the sign-in page and comes back.
        page.goto(f"{base}{link}")
        page.fill("input[name=username]", scene.boss_user.email)
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("[data-testid=login-submit]")
        card = page.get_by_test_id("approval-link-request")
        card.wait_for()
        assert "陈静" in card.inner_text()
        assert ("法定年休假" if language == "zh-hans" else "Statutory annual leave") in (
            card.inner_text()
        )
        assert "回老家" in card.inner_text()
        shoot(page, screenshot_dir, request, f"1-link-{language}")
        page.set_viewport_size(DESKTOP)
        shoot(page, screenshot_dir, request, f"1-link-desktop-{language}")
        page.set_viewport_size(PHONE)
        card.get_by_test_id("decline-open").tap()
        card.get_by_test_id("decline-note").wait_for()
        shoot(page, screenshot_dir, request, f"1b-decline-open-{language}")
        card.get_by_test_id("decline-open").tap()
        leave.refresh_from_db()
        assert leave.status == LeaveRequest.Status.PENDING  # opening decided nothing

        card.get_by_test_id("approve").tap()
        page.get_by_test_id("approvals-empty").wait_for()
        assert ("已同意" if language == "zh-hans" else "Approved.") in page.inner_text("main")
        shoot(page, screenshot_dir, request, f"2-approved-{language}")

        page.goto(f"{base}{link}")
        problem = page.get_by_test_id("approval-link-problem")
        problem.wait_for()
        assert problem.get_attribute("data-reason") == "decided"
        shoot(page, screenshot_dir, request, f"3-used-again-{language}")
    finally:
        context.close()
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED
    assert available_hours(scene.report, leave_type("annual"), date(2026, 12, 31)) == 32
