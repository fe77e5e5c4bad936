"""Issue 19 point 11, in real Chromium: the payroll officer runs a month on a desktop,
reviews the differences against the month before and approves; the employee opens the
payslip on a phone (390 × 844) and acknowledges it. Chinese and English."""

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from employees.models import PayrollRun, Payslip
from employees.pay.payslip_compute import group_payslips
from employees.pay.runs import payroll_run_approve, payroll_run_compute
from tests.employees.pay.run_pages_scene import PayScene, pay_scene
from tests.fixtures.browser import shoot
from tests.hrflow.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
JANUARY, FEBRUARY = date(2026, 1, 1), date(2026, 2, 1)


def _context(browser: Any, language: str, base_url: str, *, phone: bool) -> tuple[Any, Any]:
    options: dict[str, Any] = {"viewport": PHONE if phone else DESKTOP, "locale": "en-US"}
    if phone:
        options.update(is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("load")


def _scene(language: str) -> PayScene:
    with translation.override(language):
        scene = pay_scene()
    for user in scene.users.values():
        user.language = language
        user.save(update_fields=["language"])
    # January is approved already: February's review compares with it. A raise in
    # February puts the employee on top of the review.
    january = payroll_run_compute(
        group=scene.group, month=JANUARY, actor=scene.hr, computer=group_payslips
    )
    payroll_run_approve(run=january, actor=scene.hr)
    scene.colleague.salary_records.update(base_monthly="26000")
    return scene


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_payroll_runs_reviews_and_approves_and_the_employee_acknowledges_on_a_phone(
    browser, live_server, screenshot_dir, request, language
):
    scene = _scene(language)
    base = live_server.url
    officer, page = _context(browser, language, base, phone=False)
    try:
        _sign_in(page, base, scene.hr.email)
        page.goto(f"{base}/employees/payroll/runs/")
        form = page.get_by_test_id("compute-form")
        form.locator("select[name=group]").select_option(str(scene.group.pk))
        form.locator("input[name=month]").fill("2026-02")
        shoot(page, screenshot_dir, request, f"1-runs-{language}")
        form.get_by_test_id("compute").click()
        page.get_by_test_id("payslip-table").wait_for()
        run = PayrollRun.objects.get(pay_group=scene.group, month=FEBRUARY)
        assert run.status == PayrollRun.Status.COMPUTED
        assert page.get_by_test_id("payslip-row").count() == 3
        shoot(page, screenshot_dir, request, f"2-run-{language}")

        page.get_by_test_id("review-differences").click()
        flagged = page.get_by_test_id("review-row")
        flagged.first.wait_for()
        shoot(page, screenshot_dir, request, f"3-review-{language}")
        # The colleague's raise (18,000 → 26,000) and the 40,000 wage's tax entering the
        # 10 % band are flagged; the unchanged 12,000 is not.
        texts = [flagged.nth(index).inner_text() for index in range(flagged.count())]
        assert any(scene.colleague.number in text and "→" in text for text in texts)
        assert any(scene.employee.number in text for text in texts)
        assert not any(scene.no_account.number in text for text in texts)

        page.go_back()
        page.get_by_test_id("approve").click()
        page.get_by_test_id("approve-form").wait_for()
        page.get_by_test_id("approve-form").locator("input[name=confirm]").check()
        page.get_by_test_id("approve-confirm").click()
        page.get_by_test_id("run-status").wait_for()
        run.refresh_from_db()
        assert run.status == PayrollRun.Status.LOCKED
        shoot(page, screenshot_dir, request, f"4-approved-{language}")
    finally:
        officer.close()

    phone, page = _context(browser, language, base, phone=True)
    try:
        _sign_in(page, base, scene.users["employee"].email)
        page.goto(f"{base}/employees/me/payslips/")
        rows = page.get_by_test_id("my-payslip-row")
        rows.first.wait_for()
        assert rows.count() == 2  # January and February, both locked
        shoot(page, screenshot_dir, request, f"5-my-payslips-{language}")
        rows.first.locator("a").tap()
        page.get_by_test_id("net").wait_for()
        february = Payslip.objects.get(run=run, employee=scene.employee)
        assert str(february.net).split(".")[0] in page.get_by_test_id("net").inner_text().replace(
            ",", ""
        )
        shoot(page, screenshot_dir, request, f"6-payslip-{language}")
        page.get_by_test_id("acknowledge").tap()
        page.get_by_test_id("acknowledged").wait_for()
        shoot(page, screenshot_dir, request, f"7-acknowledged-{language}")
    finally:
        phone.close()
    february.refresh_from_db()
    assert february.acknowledged_at is not None
