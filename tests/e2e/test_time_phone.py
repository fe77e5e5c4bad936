"""Time on a phone (issue 18 point 14), in real Chromium at 390 × 844, Chinese and
English: two days of annual leave over National Day take one day, the manager approves
in one tap, the balance and the team calendar show it; a late punch is corrected,
approved, and the month confirmed."""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from employees.attendance.recompute import daily_results_recompute
from employees.models import DailyResult, LeaveRequest, MonthConfirmation
from tests.employees.attendance.scene import punch
from tests.employees.leave.scene import grant
from tests.employees.records.scene import Team, team
from tests.fixtures.browser import shoot, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE_DAY = date(2026, 11, 4)  # a Wednesday workday: office hours 09:00–18:00


def _scene(language: str) -> Team:
    with translation.override(language):
        scene = team()
    for user in (scene.boss_user, scene.report_user):
        user.language = language
        user.save(update_fields=["language"])
    grant(scene.report, "annual", "40")
    punch(
        scene.report,
        datetime.combine(LATE_DAY, time(9, 40), SHANGHAI),
        datetime.combine(LATE_DAY, time(18, 5), SHANGHAI),
    )
    # The recompute after punches is a queued task; the test computes the day itself.
    daily_results_recompute(employee_ids=[scene.report.pk], start=LATE_DAY, end=LATE_DAY)
    return scene


def _phone(browser: Any, language: str, base_url: str) -> Any:
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_leave_over_a_holiday_and_a_corrected_late_punch_on_a_phone(
    browser, live_server, screenshot_dir, request, language
):
    scene = _scene(language)
    base = live_server.url
    assert DailyResult.objects.get(employee=scene.report, day=LATE_DAY).late_minutes == 40

    # The employee asks for 30 September and 1 October (National Day).
    context, page = _phone(browser, language, base)
    try:
        sign_in(page, base, scene.report_user.email)
        page.goto(f"{base}/employees/time/me/")
        page.get_by_test_id("time-me").wait_for()
        shoot(page, screenshot_dir, request, f"1-my-time-{language}")
        page.get_by_test_id("leave-new").click()
        page.select_option(
            "select[name=leave_type]",
            label="法定年休假" if language == "zh-hans" else "Statutory annual leave",
        )
        page.fill("input[name=start_day]", "2026-09-30")
        page.fill("input[name=end_day]", "2026-10-01")
        page.fill("input[name=reason]", "回老家")
        shoot(page, screenshot_dir, request, f"2-leave-form-{language}")
        page.get_by_test_id("leave-submit").click()
        page.get_by_test_id("time-me").wait_for()
        annual = page.get_by_test_id("balance-annual")
        assert annual.get_by_test_id("pending").inner_text() == "8"
        assert annual.get_by_test_id("available").inner_text() == "32"
        assert "张伟" in page.get_by_test_id("request-row").first.inner_text()

        # The late day of November: a correction to 09:00.
        page.goto(f"{base}/employees/time/me/?month=2026-11")
        day = page.get_by_test_id("day-2026-11-04")
        assert ("迟到 40 分钟" if language == "zh-hans" else "late 40 min") in day.inner_text()
        shoot(page, screenshot_dir, request, f"3-late-day-{language}")
        day.get_by_test_id("day-correct").click()
        page.fill("input[name=at]", "09:00")
        page.fill("input[name=reason]", "门禁故障，9 点到岗")
        shoot(page, screenshot_dir, request, f"4-correction-{language}")
        page.get_by_test_id("correction-submit").click()
        page.get_by_test_id("day-correction").wait_for()
    finally:
        context.close()

    # The manager, on a phone: one tap each.
    context, page = _phone(browser, language, base)
    try:
        sign_in(page, base, scene.boss_user.email)
        page.goto(f"{base}/employees/time/approvals/")
        page.get_by_test_id("approval-leave").wait_for()
        assert page.get_by_test_id("approval-correction").count() == 1
        shoot(page, screenshot_dir, request, f"5-approvals-{language}")
        page.get_by_test_id("approval-leave").get_by_test_id("approve").click()
        page.get_by_test_id("approval-correction").get_by_test_id("approve").click()
        page.get_by_test_id("approvals-empty").wait_for()
        shoot(page, screenshot_dir, request, f"6-approved-{language}")
        page.goto(f"{base}/employees/time/calendar/?month=2026-09")
        absence = page.get_by_test_id("calendar-absence")
        assert absence.count() == 1
        assert scene.report.full_name in absence.inner_text()
        shoot(page, screenshot_dir, request, f"7-calendar-{language}")
    finally:
        context.close()
    assert LeaveRequest.objects.get(employee=scene.report).status == "approved"

    # The employee sees 8 hours taken, the day corrected, and confirms November.
    context, page = _phone(browser, language, base)
    try:
        sign_in(page, base, scene.report_user.email)
        page.goto(f"{base}/employees/time/me/")
        annual = page.get_by_test_id("balance-annual")
        assert annual.get_by_test_id("available").inner_text() == "32"
        assert annual.get_by_test_id("pending").count() == 0
        annual.locator("a").click()
        page.get_by_test_id("ledger-row").nth(1).wait_for()
        assert page.get_by_test_id("ledger-hours").nth(1).inner_text() == "-8 h"
        shoot(page, screenshot_dir, request, f"8-ledger-{language}")
        page.goto(f"{base}/employees/time/me/?month=2026-11")
        day = page.get_by_test_id("day-2026-11-04")
        assert "09:00" in day.inner_text()
        assert ("迟到" if language == "zh-hans" else "late") not in day.inner_text()
        page.get_by_test_id("month-confirm").click()
        page.get_by_test_id("month-confirmed").wait_for()
        shoot(page, screenshot_dir, request, f"9-confirmed-{language}")
        page.goto(f"{base}/employees/time/check-in/")
        page.get_by_test_id("checkin").wait_for()
        shoot(page, screenshot_dir, request, f"10-checkin-{language}")
        page.get_by_test_id("location-consent-link").click()
        page.get_by_test_id("consent-give").wait_for()
        shoot(page, screenshot_dir, request, f"11-location-consent-{language}")
        page.get_by_test_id("consent-give").click()
        page.get_by_test_id("checkin").click()
        page.get_by_test_id("punch-row").wait_for()
    finally:
        context.close()
    assert MonthConfirmation.objects.filter(employee=scene.report, month=date(2026, 11, 1)).exists()
