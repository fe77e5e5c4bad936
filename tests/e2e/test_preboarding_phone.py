"""The new hire completes pre-boarding on a phone (390x844), in Chinese and in English:
the link from HR's invitation, each detail page, an upload, the policy, the first-day
plan, handing in; a screenshot of each step (HRFLOW_SCREENSHOT_DIR)."""

import re

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect

from employees.models import OnboardingPlan
from employees.onboarding_data import install_onboarding_defaults
from employees.services.onboarding import onboarding_plan_create
from employees.services.preboarding import preboarding_invite
from hrflow.accounts.roles import Role
from tests.employees.onboarding_scene import employee_make
from tests.fixtures.browser import shoot
from tests.hrflow.factories import LocationFactory, UserFactory
from tests.recruiting.resume_pdfs import text_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_new_hire_completes_preboarding_on_a_phone(
    browser, live_server, screenshot_dir, request, tmp_path, language
):
    install_onboarding_defaults(apps)
    hr = UserFactory(roles=[Role.HR_ADMIN])
    office = LocationFactory(name="张江办公室", city="上海")
    office.address = "上海市浦东新区张江路 88 号"
    office.save()
    employee = employee_make(name="王小明", location=office)
    onboarding_plan_create(employee=employee, actor=None)
    invitation = preboarding_invite(employee=employee, actor=hr, required_documents=["id_document"])
    path = re.sub(r"^https?://[^/]+", "", invitation.url)
    scan = tmp_path / "身份证.pdf"
    scan.write_bytes(text_pdf(["ID"]))

    context = browser.new_context(
        viewport=PHONE, locale="zh-CN" if language == "zh-hans" else "en-US"
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}{path}")
        shoot(page, screenshot_dir, request, "1-link")
        page.click("[data-testid=welcome-start]")
        expect(page.get_by_test_id("welcome-home")).to_be_visible()
        shoot(page, screenshot_dir, request, "2-checklist")

        page.click("[data-testid=step-details] a")
        page.select_option("select[name=sex]", "male")
        page.fill("input[name=address]", "上海市浦东新区世纪大道 100 号")
        shoot(page, screenshot_dir, request, "3-details")
        page.click("[data-testid=welcome-save]")
        page.click("[data-testid=step-identity] a")
        page.fill("input[name=number]", "11010519491231002X")
        page.click("[data-testid=welcome-save]")
        page.click("[data-testid=step-identity] a")
        expect(page.get_by_test_id("id-masked")).to_contain_text("002X")
        assert "11010519491231002X" not in page.content()
        shoot(page, screenshot_dir, request, "4-identity-masked")
        page.goto(f"{live_server.url}{reverse('employees:welcome-edit', args=['bank'])}")
        page.fill("input[name=bank]", "中国工商银行")
        page.fill("input[name=branch]", "张江支行")
        page.fill("input[name=account_number]", "6222 0212 3456 7890 123")
        page.click("[data-testid=welcome-save]")
        page.click("[data-testid=step-emergency] a")
        page.fill("input[name=name_1]", "王大明")
        page.fill("input[name=relation_1]", "父亲")
        page.fill("input[name=phone_1]", "13900139000")
        shoot(page, screenshot_dir, request, "5-emergency")
        page.click("[data-testid=welcome-save]")
        page.click("[data-testid=step-service] a")
        page.fill("input[name=years]", "3")
        page.fill("input[name=months]", "6")
        page.click("[data-testid=welcome-save]")

        page.click("[data-testid=step-documents] a")
        page.select_option("select[name=kind]", "id_document")
        page.set_input_files("input[name=file]", str(scan))
        page.click("[data-testid=welcome-upload]")
        expect(page.locator("[data-testid=doc-id_document]")).to_have_attribute("data-done", "1")
        expect(page.locator("[data-testid=doc-id_document] .badge")).to_be_visible()  # required
        # The photo is optional and skipped.
        expect(page.locator("[data-testid=doc-photo]")).to_have_attribute("data-done", "0")
        shoot(page, screenshot_dir, request, "6-documents")

        page.goto(f"{live_server.url}{reverse('employees:welcome-policies')}")
        page.locator("[data-testid=policy] a").first.click()
        page.check("[data-testid=policy-read]")
        shoot(page, screenshot_dir, request, "7-policy")
        page.click("[data-testid=policy-acknowledge]")

        page.goto(f"{live_server.url}{reverse('employees:welcome-first-day')}")
        expect(page.get_by_test_id("first-day-task").first).to_be_visible()
        expect(page.get_by_test_id("welcome-first-day")).to_contain_text("张江办公室")
        shoot(page, screenshot_dir, request, "8-first-day")

        page.goto(f"{live_server.url}{reverse('employees:welcome-home')}")
        page.click("[data-testid=welcome-finish]")
        expect(page.get_by_test_id("welcome-finished")).to_be_visible()
        shoot(page, screenshot_dir, request, "9-handed-in")
    finally:
        context.close()

    employee.refresh_from_db()
    assert employee.prior_service_months == 42
    assert employee.bank_account_tail == "0123"
    assert OnboardingPlan.objects.get(employee=employee).preboarding_done_at is not None
