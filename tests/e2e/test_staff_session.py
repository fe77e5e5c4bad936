"""A staff user in real headless Chromium: sign in, switch language, sign out."""

import pytest
from django.utils import timezone

from hrflow.accounts.roles import Role
from hrflow.core.health import health_probe_store
from tests.fixtures.browser import shoot
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_errors(page):
    """Collect browser console errors (CSP violations show up here)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_sign_in_switch_to_chinese_and_back_then_sign_out(
    page, live_server, screenshot_dir, request, console_errors
):
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language="en")
    # a worker ran the minute's status probe (the panel shows what it saw)
    health_probe_store(now=timezone.now(), worker="celery@hrflow-test")

    # given the sign-in page, in the browser's language (English)
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
    shoot(page, screenshot_dir, request, "1-login-en")

    # when the user signs in
    page.fill("input[name=username]", "hr@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")

    # then the dashboard greets them, and the status panel arrives through htmx
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Welcome, 王芳").is_visible()
    page.get_by_text("Database").wait_for()
    shoot(page, screenshot_dir, request, "2-dashboard-en")

    # when they switch to Chinese, everything on screen is Chinese
    page.click("[data-testid=lang-zh]")
    page.get_by_role("heading", name="欢迎，王芳").wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("link", name="工作台").is_visible()
    page.get_by_text("数据库").wait_for()
    body = page.inner_text("body")
    for english in ("Dashboard", "Welcome", "Your roles", "Organisation", "Sign out"):
        assert english not in body
    shoot(page, screenshot_dir, request, "3-dashboard-zh")

    # and back to English
    page.click("[data-testid=lang-en]")
    page.get_by_role("heading", name="Welcome, 王芳").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"

    # when they sign out through the user menu
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")

    # then they are back at sign-in and the dashboard is closed to them
    page.wait_for_url("**/accounts/login/")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    shoot(page, screenshot_dir, request, "4-signed-out")
    assert console_errors == []


def test_phone_layout_has_a_working_menu(browser, live_server, screenshot_dir, request):
    """On a phone the sidebar hides behind the menu button and opens on tap."""
    UserFactory(email="m@example.com", full_name="张伟", roles=[Role.HIRING_MANAGER])
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        shoot(page, screenshot_dir, request, "1-login-phone-zh")
        page.fill("input[name=username]", "m@example.com")
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.get_by_role("heading", name="欢迎，张伟").wait_for()

        sidebar = page.locator("#sidebar")
        assert not sidebar.is_visible()
        page.click("[data-nav-toggle]")
        assert sidebar.is_visible()
        # nothing sticks out sideways on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shoot(page, screenshot_dir, request, "2-dashboard-phone-menu-open")
    finally:
        context.close()


def test_password_change_shows_a_flash_message_that_can_be_dismissed(
    page, live_server, screenshot_dir, request, console_errors
):
    UserFactory(email="r@example.com", full_name="李娜", roles=[Role.RECRUITER], language="en")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "r@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")

    # when the user changes the password from the user menu
    page.click("[data-testid=user-menu]")
    page.get_by_role("link", name="Change password").click()
    page.fill("input[name=old_password]", DEFAULT_PASSWORD)
    page.fill("input[name=new_password1]", "a brand new passphrase")
    page.fill("input[name=new_password2]", "a brand new passphrase")
    shoot(page, screenshot_dir, request, "1-password-form")
    page.get_by_role("button", name="Change password").click()

    # then the dashboard says so, and the message goes away when dismissed
    message = page.locator("[data-message]")
    message.wait_for()
    assert "Your password has been changed." in message.inner_text()
    shoot(page, screenshot_dir, request, "2-flash-message")
    page.click("[data-dismiss]")
    assert page.locator("[data-message]").count() == 0
    assert console_errors == []
