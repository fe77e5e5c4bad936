"""A visitor applies on the public careers site in real headless Chromium.

On a phone and on a desktop window: find the job on the board, read it, apply
with a real PDF resume, see the thank-you page; then HR finds the application
in the job's first stage and the "application received" message is queued.
Screenshots in Chinese (the default) and English at both sizes.
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from recruiting.models import Application, CandidateConsent
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import DepartmentFactory, LocationFactory, UserFactory
from tests.recruiting.factories import JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_visitor_applies_and_hr_sees_it(
    browser, live_server, screenshot_dir, request, tmp_path, size
):
    # given two open jobs, one of them in Shanghai's R&D department, and HR
    viewport = SIZES[size]
    UserFactory(email="hr@example.com", full_name="王芳", roles=[Role.HR_ADMIN], language="en")
    job = JobFactory(
        title="后端开发工程师",
        department=DepartmentFactory(name="研发中心"),
        location=LocationFactory(name="上海张江"),
        channel="experienced",
        description="负责招聘系统的后端服务：Django、PostgreSQL、Celery。\n与产品和前端一起交付功能。",
        requirements="三年以上 Python 开发经验；熟悉关系数据库；良好的沟通能力。",
    )
    JobFactory(title="销售代表", department=DepartmentFactory(name="销售部"))
    resume = tmp_path / "张伟-简历.pdf"
    resume.write_bytes(pdf("Zhang Wei Python Django PostgreSQL"))
    errors: list[str] = []
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    width = viewport["width"]

    # when a visitor opens the board (Chinese by default) and searches
    page.goto(f"{live_server.url}{reverse('careers:job-list')}")
    page.locator("[data-testid=careers-jobs]").wait_for()
    shoot(page, screenshot_dir, request, "1-board-zh", width)
    page.fill("[data-testid=careers-q]", "后端")
    page.click("[data-testid=careers-search]")
    page.locator(f"[data-testid=careers-job-{job.pk}]").wait_for()
    assert page.locator(".careers-job").count() == 1

    # and opens the job and applies with a resume
    page.click(f"[data-testid=careers-job-{job.pk}] a")
    page.get_by_role("heading", name="后端开发工程师").wait_for()
    if size == "phone":  # the form is below the posting; a button jumps to it
        page.click("[data-testid=apply-jump]")
    page.fill("input[name=full_name]", "张伟")
    page.fill("input[name=email]", "zhang.wei@example.com")
    page.fill("input[name=phone]", "138 0013 8000")
    page.set_input_files("input[name=resume]", str(resume))
    page.check("input[name=consent_data]")
    page.check("input[name=consent_ai]")
    page.click("[data-testid=self-identification] summary")
    page.select_option("select[name=gender]", "female")
    shoot(page, screenshot_dir, request, "2-job-and-form-zh", width)

    # (a file that is no resume is refused on the form, and nothing is stored)
    fake = tmp_path / "resume.pdf"
    fake.write_text("<html>not a resume</html>")
    page.set_input_files("input[name=resume]", str(fake))
    page.click("[data-testid=apply-submit]")
    page.locator(".field.has-error .error").wait_for()
    shoot(page, screenshot_dir, request, "2b-bad-file-zh", width)
    assert not Application.objects.exists()
    page.set_input_files("input[name=resume]", str(resume))
    page.click("[data-testid=apply-submit]")

    # then the thank-you page shows
    page.locator("[data-testid=apply-thanks]").wait_for()
    shoot(page, screenshot_dir, request, "3-thanks-zh", width)

    # and in English the pages read the same way
    page.click("[data-testid=lang-en]")
    page.get_by_role("heading", name="Thank you for applying").wait_for()
    shoot(page, screenshot_dir, request, "4-thanks-en", width)
    page.goto(f"{live_server.url}{reverse('careers:job-list')}")
    page.get_by_role("heading", name="Open positions").wait_for()
    shoot(page, screenshot_dir, request, "5-board-en", width)
    page.goto(f"{live_server.url}{reverse('careers:job-detail', args=[job.pk])}")
    page.get_by_role("heading", name="Apply for this job").wait_for()
    shoot(page, screenshot_dir, request, "6-job-and-form-en", width)
    context.close()
    assert errors == []

    # and the application is stored in the job's first stage, with its message queued
    application = Application.objects.select_related("candidate").get(job=job)
    assert application.stage == job.stages.order_by("position").first()
    assert application.source == "careers_site"
    assert application.candidate.phone == "+8613800138000"
    assert "Python Django" in application.candidate.resumes.get().text
    assert set(CandidateConsent.objects.values_list("kind", flat=True)) == {
        "data_processing",
        "ai_assessment",
    }
    assert OutboxMessage.objects.filter(
        candidate_ref=application.candidate_id, event="application_received"
    ).exists()

    # and HR sees the card in the first column of the job's board
    hr_context = browser.new_context(viewport=viewport, locale="en-US")
    hr_page = hr_context.new_page()
    hr_page.set_default_timeout(15_000)
    sign_in(hr_page, live_server.url, "hr@example.com")
    hr_page.goto(f"{live_server.url}{reverse('recruiting:job-board', args=[job.pk])}")
    first = application.stage
    hr_page.locator(
        f'section[data-stage="{first.pk}"] [data-testid=card-{application.pk}]'
    ).wait_for()
    assert "张伟" in hr_page.locator(f"[data-testid=card-{application.pk}]").inner_text()
    shoot(hr_page, screenshot_dir, request, "7-hr-board", max(width, 10_000))
    hr_context.close()
