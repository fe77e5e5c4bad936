"""HR's review templates, the leaving form and the training settings in real Chromium on a
phone in Chinese: each form used once, a refusal shown, nothing pushing the page sideways."""

import re
from typing import Any

import pytest

from hrflow.accounts.roles import Role
from tests.employees.performance.scene import competency_make
from tests.employees.records.scene import employee_make
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _phone(browser: Any, base_url: str) -> Any:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base_url}])
    return context


def test_hr_uses_the_template_leaving_and_training_settings_pages_on_a_phone(
    browser, live_server, screenshot_dir, request
):
    from employees.models import Outcome, ReviewTemplate, TrainingSettings

    competency = competency_make()
    employee = employee_make(name="陈静")
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language="zh-hans")
    context = _phone(browser, live_server.url)
    page = context.new_page()
    base = live_server.url
    try:
        sign_in(page, base, "hr@example.com")

        # A template whose weights add up to 90 %: refused, with the total named.
        page.goto(f"{base}/employees/performance/templates/new/")
        page.fill("#id_name", "车间考核")
        page.select_option("#id_kind_0", "kpi")
        page.fill("#id_title_0", "KPI 目标")
        page.fill("#id_weight_0", "50")
        page.select_option("#id_kind_1", "competencies")
        page.fill("#id_title_1", "能力")
        page.fill("#id_weight_1", "40")
        page.click("[data-testid=template-section] >> nth=1 >> summary")
        page.check(f"#id_competencies_1 input[value='{competency.pk}']")
        page.click("[data-testid=template-form] button[type=submit]")
        assert "权重合计" in page.inner_text(".form-errors") or "90" in page.inner_text(
            ".form-errors"
        )
        shoot(page, screenshot_dir, request, "1-template-refused-phone-zh")
        assert not ReviewTemplate.objects.exists()

        page.fill("#id_weight_0", "60")
        page.click("[data-testid=template-form] button[type=submit]")
        # The refused page shows the form too: wait for the saved template's own page.
        page.wait_for_url(re.compile(r"/employees/performance/templates/\d+/$"))
        page.get_by_test_id("template-form").wait_for()
        assert ReviewTemplate.objects.get().name == "车间考核"
        shoot(page, screenshot_dir, request, "2-template-form-phone-zh")
        page.goto(f"{base}/employees/performance/templates/")
        page.get_by_test_id("review-template-row").wait_for()
        shoot(page, screenshot_dir, request, "3-template-list-phone-zh")

        # The leaving, from the employee's record.
        page.goto(f"{base}/employees/{employee.number}/")
        page.click("[data-testid=record-leaving]")
        page.get_by_test_id("leave-form").wait_for()
        shoot(page, screenshot_dir, request, "4-leave-form-phone-zh")
        page.check("input[name=voluntary][value=no]")
        page.fill("#id_reason", "岗位调整，协商解除")
        page.click("[data-testid=leave-form] button[type=submit]")
        page.get_by_test_id("leaving").wait_for()
        assert "岗位调整" in page.inner_text("[data-testid=leaving]")
        assert Outcome.objects.get(employee=employee).voluntary is False
        shoot(page, screenshot_dir, request, "5-record-left-phone-zh")

        # The training policy, from the courses page.
        page.goto(f"{base}/employees/training/courses/")
        page.click("[data-testid=training-settings-link]")
        page.get_by_test_id("training-settings-form").wait_for()
        page.fill("#id_weak_pool_percentile", "100")
        page.click("[data-testid=training-settings-form] button[type=submit]")
        page.locator(".field .error").first.wait_for()
        shoot(page, screenshot_dir, request, "6-training-settings-phone-zh")
        page.fill("#id_weak_pool_percentile", "25")
        page.click("[data-testid=training-settings-form] button[type=submit]")
        page.locator(".messages, [role=status]").first.wait_for()
        assert TrainingSettings.current().weak_pool_percentile == 25
    finally:
        context.close()
