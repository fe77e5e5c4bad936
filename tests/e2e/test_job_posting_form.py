"""HR sets a job's China basics on the staff job form in real headless Chromium.

A reversed salary range is a form error with nothing saved; a good one is saved.
Phone and desktop, 中文 and English.
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Job
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
REVERSED = {
    "zh-hans": "薪资上限不能低于下限。",
    "en": "The highest salary cannot be below the lowest salary.",
}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_hr_sets_pay_education_experience_and_deadline(
    browser, live_server, screenshot_dir, request, size, language
):
    # given HR and a job
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language=language)
    job = JobFactory(title="后端开发工程师")
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "hr@example.com")

    # when HR opens the job's form and gives a reversed salary range
    page.goto(f"{live_server.url}{reverse('recruiting:job-edit', args=[job.pk])}")
    page.fill("input[name=salary_min_k]", "30")
    page.fill("input[name=salary_max_k]", "20")
    page.fill("input[name=salary_months]", "13")
    page.select_option("select[name=education_required]", "bachelor")
    page.select_option("select[name=experience_required]", "3_5")
    page.fill("input[name=application_deadline]", "2027-01-31")
    page.click("form.form-grid button[type=submit]")

    # then the form says what is wrong, on the field, and nothing is saved
    error = page.locator(".field.has-error .error").first
    error.wait_for()
    assert error.inner_text() == REVERSED[language]
    page.locator("input[name=salary_max_k]").scroll_into_view_if_needed()
    shoot(page, screenshot_dir, request, "1-reversed-range")
    assert Job.objects.get(pk=job.pk).salary_min_k is None

    # when HR corrects it
    page.fill("input[name=salary_min_k]", "15")
    page.fill("input[name=salary_max_k]", "25")
    page.click("form.form-grid button[type=submit]")
    page.wait_for_url(f"**{reverse('recruiting:job-board', args=[job.pk])}")

    # then the job carries the posting basics
    job.refresh_from_db()
    assert (job.salary_min_k, job.salary_max_k, job.salary_months) == (15, 25, 13)
    assert (job.education_required, job.experience_required) == ("bachelor", "3_5")
    assert job.application_deadline.isoformat() == "2027-01-31"
    assert job.phone_required is True
    context.close()
