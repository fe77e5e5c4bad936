"""The leave form and a manager's delegations in real Chromium (issue 18), on a phone
(390 × 844) and a desktop, Chinese and English: the form shows the hours only for a type
taken in hours and the upload only for a type needing a document, with the type's rule
under the list; a field hidden after being filled is not sent. A manager passes their
approvals on from the Approvals page and ends it."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from employees.models import LeaveDelegation, LeaveRequest
from hrflow.accounts.roles import Role
from tests.employees.leave.scene import grant
from tests.employees.records.scene import Team, team
from tests.fixtures.browser import shoot, sign_in, wait_until
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
TODAY = timezone.localdate()
# A Monday two weeks or so ahead: a workday.
LEAVE_DAY = TODAY + timedelta(days=14 - TODAY.weekday())
NAMES = {
    "zh-hans": {"personal": "事假", "sick": "病假", "annual": "法定年休假"},
    "en": {"personal": "Personal leave (unpaid)", "sick": "Sick leave",
           "annual": "Statutory annual leave"},
}  # fmt: skip
RULES = {
    "zh-hans": {"personal": "无薪。可按小时请假", "sick": "按健康信息保管"},
    "en": {"personal": "Unpaid. Can be taken in hours", "sick": "kept as health data"},
}


def _scene(language: str) -> Team:
    with translation.override(language):
        scene = team()
    for user in (scene.boss_user, scene.report_user):
        user.language = language
        user.save(update_fields=["language"])
    grant(scene.report, "annual", "40", on=TODAY.replace(month=1, day=1))
    return scene


def _open(browser: Any, language: str, base_url: str, viewport: dict[str, int]) -> Any:
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport, locale="en-US", is_mobile=phone, has_touch=phone
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _shown(page: Any, name: str) -> bool:
    return bool(page.locator(f"[name={name}]").is_visible())


def _pick(page: Any, language: str, code: str) -> None:
    page.select_option("select[name=leave_type]", label=NAMES[language][code])


def _hint(page: Any) -> str:
    return str(page.locator(".field:has(select[name=leave_type]) .help").inner_text())


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("zh-hans", PHONE), ("en", PHONE), ("zh-hans", DESKTOP), ("en", DESKTOP)],
    ids=["zh-phone", "en-phone", "zh-desktop", "en-desktop"],
)
def test_the_leave_form_shows_what_the_type_needs(
    browser, live_server, screenshot_dir, request, language, viewport
):
    scene = _scene(language)
    base = live_server.url
    context, page = _open(browser, language, base, viewport)
    try:
        sign_in(page, base, scene.report_user.email)
        page.goto(f"{base}/employees/time/me/leave/new/")
        page.get_by_test_id("leave-form").wait_for()
        # The first type (annual leave, by code) is taken in days with no document.
        wait_until(page, "document.querySelector('[name=hours_asked]').disabled")
        assert not _shown(page, "hours_asked")
        assert not _shown(page, "document")
        assert not _shown(page, "health_consent")

        _pick(page, language, "personal")
        assert _shown(page, "hours_asked")
        assert not _shown(page, "document")
        assert RULES[language]["personal"] in _hint(page)
        shoot(page, screenshot_dir, request, f"1-hourly-{language}")

        _pick(page, language, "sick")
        assert _shown(page, "document")
        # A sick note is health data: the separate consent is asked beside it.
        assert _shown(page, "health_consent")
        assert not _shown(page, "hours_asked")
        assert RULES[language]["sick"] in _hint(page)
        shoot(page, screenshot_dir, request, f"2-document-{language}")

        # Hours typed for a type taken in hours, then a type taken in days: the hidden
        # hours are not sent, so the server takes the whole day.
        _pick(page, language, "personal")
        page.fill("input[name=hours_asked]", "2")
        _pick(page, language, "annual")
        assert not _shown(page, "hours_asked")
        page.fill("input[name=start_day]", LEAVE_DAY.isoformat())
        page.fill("input[name=end_day]", LEAVE_DAY.isoformat())
        page.get_by_test_id("leave-submit").click()
        page.get_by_test_id("time-me").wait_for()
    finally:
        context.close()
    sent = LeaveRequest.objects.get(employee=scene.report)
    assert sent.leave_type.code == "annual"
    assert sent.hours_asked is None
    assert sent.hours > 2


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_manager_passes_approvals_on_from_a_phone(
    browser, live_server, screenshot_dir, request, language
):
    scene = _scene(language)
    deputy = UserFactory(roles=[Role.EMPLOYEE], full_name="代理人")
    base = live_server.url
    context, page = _open(browser, language, base, PHONE)
    try:
        sign_in(page, base, scene.boss_user.email)
        page.goto(f"{base}/employees/time/approvals/")
        page.get_by_test_id("delegations-link").click()
        page.get_by_test_id("delegation-form").wait_for()
        assert page.get_by_test_id("delegations-empty").is_visible()
        page.select_option("select[name=to_user]", value=str(deputy.pk))
        page.fill("input[name=starts]", (TODAY + timedelta(days=1)).isoformat())
        page.fill("input[name=ends]", (TODAY + timedelta(days=5)).isoformat())
        shoot(page, screenshot_dir, request, f"1-delegation-form-{language}")
        page.get_by_test_id("delegation-submit").click()
        page.get_by_test_id("delegation-row").wait_for()
        assert "代理人" in page.get_by_test_id("delegation-row").inner_text()
        shoot(page, screenshot_dir, request, f"2-delegation-set-{language}")

        # The same days again: a form error, nothing added.
        page.select_option("select[name=to_user]", value=str(deputy.pk))
        page.fill("input[name=starts]", (TODAY + timedelta(days=3)).isoformat())
        page.fill("input[name=ends]", (TODAY + timedelta(days=4)).isoformat())
        page.get_by_test_id("delegation-submit").click()
        page.locator(".field.has-error").first.wait_for()
        shoot(page, screenshot_dir, request, f"3-overlap-{language}")
        assert LeaveDelegation.objects.count() == 1

        page.get_by_test_id("delegation-end").click()
        page.get_by_test_id("delegations-empty").wait_for()
    finally:
        context.close()
    assert not LeaveDelegation.objects.exists()
