"""The employee page (HR) and self-service (the employee) in real Chromium, phone and desktop,
Chinese and English; the "Show" button asks for a reason and reveals through htmx."""

from typing import Any

import pytest

from employees.services.sensitive import sensitive_update
from hrflow.accounts.roles import Role
from recruiting.hiring.services import application_hire
from tests.employees.hire_scene import hire_scene
from tests.employees.records.scene import contract_make
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
ID = "110101199003071234"


def _hired_employee(language: str) -> Any:
    scene = hire_scene()
    employee = application_hire(application=scene.application, actor=scene.recruiter).employee
    user = UserFactory(
        email="jing@example.com",
        full_name=employee.full_name,
        roles=[Role.EMPLOYEE],
        language=language,
    )
    employee.user = user
    employee.save(update_fields=["user"])
    hr = UserFactory(
        email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language=language
    )
    sensitive_update(employee=employee, field="id_number", value=ID, actor=hr, reason="入职")
    sensitive_update(
        employee=employee, field="emergency_contacts", actor=user,
        value=[{"name": "陈大明", "relation": "父亲", "phone": "13911112222"}],
    )  # fmt: skip
    contract_make(employee)
    return employee


def _context(browser: Any, viewport: dict, language: str, base_url: str) -> Any:
    phone = viewport is PHONE
    context = browser.new_context(
        viewport=viewport, locale="en-US", is_mobile=phone, has_touch=phone
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    return context


@pytest.mark.parametrize(
    ("language", "viewport", "label"),
    [("zh-hans", PHONE, "phone-zh"), ("en", PHONE, "phone-en"),
     ("en", DESKTOP, "desktop-en"), ("zh-hans", DESKTOP, "desktop-zh")],
)  # fmt: skip
def test_hr_reads_the_employee_page_and_reveals_an_id_number_with_a_reason(
    browser, live_server, screenshot_dir, request, language, viewport, label
):
    employee = _hired_employee(language)
    context = _context(browser, viewport, language, live_server.url)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "hr@example.com")
        page.goto(f"{live_server.url}/employees/{employee.number}/")
        page.get_by_test_id("employee-name").wait_for()
        assert ID not in page.content()
        assert "**************1234" in page.inner_text("[data-testid=roster]")
        shoot(page, screenshot_dir, request, f"1-page-{label}")

        page.click("[data-testid=show-id_number]")
        page.fill("[data-testid=reason-id_number]", "社保申报")
        page.click("[data-testid=confirm-id_number]")
        page.get_by_test_id("revealed-id_number").wait_for()
        assert page.inner_text("[data-testid=revealed-id_number]") == ID
        shoot(page, screenshot_dir, request, f"2-revealed-{label}")

        page.goto(f"{live_server.url}/employees/")
        page.get_by_test_id("employee-row").first.wait_for()
        shoot(page, screenshot_dir, request, f"3-list-{label}")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("language", "viewport", "label"),
    [("zh-hans", PHONE, "phone-zh"), ("en", PHONE, "phone-en"), ("en", DESKTOP, "desktop-en")],
)
def test_the_employee_sees_their_own_record_and_updates_contacts(
    browser, live_server, screenshot_dir, request, language, viewport, label
):
    employee = _hired_employee(language)
    context = _context(browser, viewport, language, live_server.url)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "jing@example.com")
        page.goto(f"{live_server.url}/employees/me/")
        page.get_by_test_id("me-name").wait_for()
        body = page.inner_text("body")
        assert employee.number in body
        assert "v3.2" in body  # the skills' source: the AI interview's model version
        if language == "zh-hans":
            for english in ("My details", "Skills evidence", "Documents", "Contract"):
                assert english not in body
        shoot(page, screenshot_dir, request, f"1-me-{label}")

        page.click("[data-testid=edit-contacts]")
        page.fill("input[name=phone]", "13700001111")
        page.click("[data-testid=save-contacts]")
        page.get_by_test_id("me-name").wait_for()
        assert page.inner_text("[data-testid=me-phone]") == "13700001111"
        shoot(page, screenshot_dir, request, f"2-saved-{label}")
    finally:
        context.close()
