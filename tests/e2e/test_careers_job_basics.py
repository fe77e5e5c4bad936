"""A visitor reads a job's China basics on the careers site, filters by them, meets a
closed job and a phone error, in real headless Chromium: phone and desktop, 中文 and English.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from recruiting.models import Application
from recruiting.selectors.careers import careers_today
from tests.fixtures.browser import shoot
from tests.hrflow.factories import DepartmentFactory, LocationFactory
from tests.recruiting.factories import JobFactory
from tests.recruiting.services.test_resume_attach import pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
# What each language shows for the same job (the brief's examples).
EXPECTED = {
    "zh": {
        "salary": "15k–25k · 13薪",
        "education": "本科",
        "experience": "3-5年",
        "deadline": "截止 ",
        "negotiable": "薪资面议",
        "closed": "申请已截止",
        "phone_error": "请填写手机号码",
        "heading": "在招职位",
    },
    "en": {
        "salary": "¥15k–25k/month · 13 months",
        "education": "Bachelor's degree",
        "experience": "3–5 years",
        "deadline": "Apply by ",
        "negotiable": "Salary negotiable",
        "closed": "Applications closed",
        "phone_error": "Enter a mobile number",
        "heading": "Open positions",
    },
}


def _jobs():
    research = DepartmentFactory(name="研发中心")
    shanghai = LocationFactory(name="上海张江")
    job = JobFactory(
        title="后端开发工程师",
        department=research,
        location=shanghai,
        channel="experienced",
        description="负责招聘系统的后端服务：Django、PostgreSQL、Celery。",
        requirements="三年以上 Python 开发经验；熟悉关系数据库。",
        salary_min_k=15,
        salary_max_k=25,
        salary_months=13,
        education_required="bachelor",
        experience_required="3_5",
        application_deadline=careers_today() + timedelta(days=40),
    )
    negotiable = JobFactory(
        title="销售总监",
        department=DepartmentFactory(name="销售部"),
        location=shanghai,
        channel="experienced",
        salary_negotiable=True,
        education_required="master",
        experience_required="10_plus",
    )
    closed = JobFactory(
        title="2027 届管培生",
        department=research,
        channel="campus",
        salary_min_k=8,
        salary_max_k=12,
        education_required="bachelor",
        experience_required="graduate",
        application_deadline=careers_today() - timedelta(days=2),
    )
    internal = JobFactory(title="内部转岗：测试经理", department=research, channel="internal")
    return job, negotiable, closed, internal


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("language", ["zh", "en"])
def test_visitor_reads_filters_and_meets_a_closed_job_and_a_phone_error(
    browser, live_server, screenshot_dir, request, tmp_path, size, language
):
    # given four open jobs: a full posting, a negotiable one, one past its deadline, an internal one
    job, negotiable, closed, internal = _jobs()
    words = EXPECTED[language]
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    board = f"{live_server.url}{reverse('careers:job-list')}"

    # when a visitor opens the board in the language
    page.goto(board)
    if language == "en":
        page.click("[data-testid=lang-en]")
    page.get_by_role("heading", name=words["heading"]).wait_for()
    shoot(page, screenshot_dir, request, f"1-board-{language}")

    # then each card leads with its pay and shows education, experience and the deadline
    card = page.locator(f"[data-testid=careers-job-{job.pk}]")
    assert card.locator("[data-testid=job-salary]").inner_text() == words["salary"]
    assert card.locator("[data-testid=job-education]").inner_text() == words["education"]
    assert card.locator("[data-testid=job-experience]").inner_text() == words["experience"]
    assert card.locator("[data-testid=job-deadline]").inner_text().startswith(words["deadline"])
    hidden = page.locator(f"[data-testid=careers-job-{negotiable.pk}]")
    assert hidden.locator("[data-testid=job-salary]").inner_text() == words["negotiable"]
    shut = page.locator(f"[data-testid=careers-job-{closed.pk}]")
    assert shut.locator("[data-testid=job-closed]").inner_text() == words["closed"]
    # and the internal job and internal channels are nowhere for an outside visitor
    assert page.locator(f"[data-testid=careers-job-{internal.pk}]").count() == 0
    channels = page.locator("[data-testid=careers-channel] option").all_inner_texts()
    assert not any(word in " ".join(channels) for word in ("内部", "猎头", "Internal", "Referral"))

    # when they filter by pay and education
    page.select_option("[data-testid=careers-salary]", "15")
    page.select_option("[data-testid=careers-education]", "bachelor")
    page.click("[data-testid=careers-search]")
    page.wait_for_url("**salary=15**")
    assert page.locator(".careers-job").count() == 1
    page.locator(f"[data-testid=careers-job-{job.pk}]").wait_for()
    shoot(page, screenshot_dir, request, f"2-filtered-{language}")

    # and open the job: its page shows the same facts
    page.click(f"[data-testid=careers-job-{job.pk}] a")
    page.get_by_role("heading", name="后端开发工程师").wait_for()
    posting = page.locator("[data-testid=careers-posting]")
    assert posting.locator("[data-testid=job-salary]").inner_text() == words["salary"]
    assert posting.locator("[data-testid=job-education]").inner_text() == words["education"]
    shoot(page, screenshot_dir, request, f"3-job-{language}")

    # when they apply with a number that is no mobile
    resume = tmp_path / "简历.pdf"
    resume.write_bytes(pdf("Zhang Wei Python Django"))
    if size == "phone":
        page.click("[data-testid=apply-jump]")
    page.fill("input[name=full_name]", "张伟")
    page.fill("input[name=email]", "zhang.wei@example.com")
    page.fill("input[name=phone]", "12345")
    page.set_input_files("input[name=resume]", str(resume))
    page.check("input[name=consent_data]")
    page.check("input[name=consent_ai]")
    page.click("[data-testid=apply-submit]")

    # then the phone field says what a mobile number looks like, and nothing is stored
    error = page.locator(".field.has-error .error").first
    error.wait_for()
    assert words["phone_error"] in error.inner_text()
    page.locator("input[name=phone]").scroll_into_view_if_needed()
    shoot(page, screenshot_dir, request, f"4-phone-error-{language}")
    assert not Application.objects.exists()

    # when they open the job past its deadline: the posting, no form, a clear notice
    page.goto(f"{live_server.url}{reverse('careers:job-detail', args=[closed.pk])}")
    page.locator("[data-testid=apply-closed]").wait_for()
    assert page.locator("[data-testid=apply-form]").count() == 0
    assert (
        closed.application_deadline.isoformat()
        in page.locator("[data-testid=apply-closed]").inner_text()
    )
    shoot(page, screenshot_dir, request, f"5-closed-{language}")
    context.close()
    assert errors == []
