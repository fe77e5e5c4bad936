"""Safer actions in real Chromium, on a phone and a desktop, in both languages (issue 14,
points 16, 18, 19 and 21): erasure asks first and the erased profile reads in one
language; the talent pool recalls nobody by default and tells a hiring manager why
they cannot; a dragged card reads "just now"; signing in keeps the page's language.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from recruiting.models import Application, Candidate
from recruiting.privacy.erasure import deletion_request_create
from recruiting.services.applications import application_reject
from recruiting.services.candidates import candidate_set_tags, note_add
from tests.e2e.test_careers_apply import SIZES
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory, reason

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"zh": ("zh-hans", "zh-CN"), "en": ("en", "en-US")}
CASES = [(size, lang) for size in sorted(SIZES) for lang in sorted(LANGUAGES)]


def _signed_in(browser, live_server, size, lang, email, **user):
    language, locale = LANGUAGES[lang]
    person = UserFactory(email=email, language=language, **user)
    context = browser.new_context(viewport=SIZES[size], locale=locale)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, email)
    return page, person


@pytest.mark.parametrize("size", sorted(SIZES))
def test_erase_now_asks_first_then_the_profile_reads_in_one_language(
    browser, live_server, screenshot_dir, request, size
):
    # given a candidate in process with a note and a tag, who asked for erasure
    application = ApplicationFactory(candidate=CandidateFactory(full_name="王芳"))
    candidate = application.candidate
    page, _hr = _signed_in(
        browser, live_server, size, "zh", "hr@example.com", roles=[Role.HR_ADMIN]
    )
    note_add(candidate=candidate, body="二面表现稳定", author=None)
    candidate_set_tags(candidate=candidate, names=["Python"])
    deletion_request_create(candidate=candidate)
    profile = f"{live_server.url}/recruiting/candidates/{candidate.pk}/"
    page.goto(profile)
    shoot(page, screenshot_dir, request, "1-request-zh")

    # when HR presses 立即删除数据, a page says what goes, and nothing is erased yet
    page.click("[data-testid=deletion-confirm]")
    confirm = page.locator("[data-testid=erasure-confirm]")
    expect(confirm).to_contain_text("1 条备注")
    expect(confirm).to_contain_text("1 个标签")
    expect(confirm).to_contain_text("撤回 1 个进行中的申请")
    shoot(page, screenshot_dir, request, "2-confirm-zh")
    assert Candidate.objects.get(pk=candidate.pk).erased_at is None

    # and confirming there erases, back on the profile, which reads in Chinese only
    page.click("[data-testid=erasure-confirm-submit]")
    heading = page.locator("[data-testid=profile-name]")
    expect(heading).to_have_text(f"已删除的候选人 #{candidate.pk}")
    assert Candidate.objects.get(pk=candidate.pk).erased_at is not None
    for form in ("tags", "resume", "note"):
        assert page.locator(f"form[action$='/{candidate.pk}/{form}/']").count() == 0
    assert page.locator("input[type=file]").count() == 0
    assert "Erased candidate" not in page.inner_text("body")
    shoot(page, screenshot_dir, request, "3-erased-zh")

    # and in English, in English only
    page.click("[data-testid=lang-en]")
    expect(heading).to_have_text(f"Erased candidate #{candidate.pk}")
    assert "已删除的候选人" not in page.inner_text("body")
    shoot(page, screenshot_dir, request, "4-erased-en")


@pytest.mark.parametrize(("size", "lang"), CASES)
def test_the_talent_pool_recalls_only_into_a_chosen_job(
    browser, live_server, screenshot_dir, request, size, lang
):
    # given a candidate in the pool and two open jobs
    pooled = ApplicationFactory(candidate=CandidateFactory(full_name="李娜"))
    application_reject(application=pooled, reason=reason())
    JobFactory(title="会计"), JobFactory(title="产品经理")
    page, _hr = _signed_in(
        browser, live_server, size, lang, "hr@example.com", roles=[Role.HR_ADMIN]
    )
    page.goto(f"{live_server.url}/recruiting/talent-pool/")
    select = page.locator("[data-testid=recall-job]")
    expect(select).to_have_value("")
    shoot(page, screenshot_dir, request, f"1-pool-{lang}")

    # when HR presses Recall without choosing a job, the browser asks for one
    page.click("[data-testid=recall-submit]")
    assert select.evaluate("element => element.validity.valueMissing") is True
    assert Application.objects.count() == 1

    # and once a job is chosen, the candidate is recalled into it
    select.select_option(label="产品经理")
    page.click("[data-testid=recall-submit]")
    page.wait_for_url(f"**/recruiting/candidates/{pooled.candidate_id}/")
    assert Application.objects.get(job__title="产品经理").candidate_id == pooled.candidate_id


@pytest.mark.parametrize(("size", "lang"), CASES)
def test_a_hiring_manager_reads_that_they_cannot_recall(
    browser, live_server, screenshot_dir, request, size, lang
):
    pooled = ApplicationFactory(candidate=CandidateFactory(full_name="李娜"))
    application_reject(application=pooled, reason=reason())
    page, manager = _signed_in(
        browser, live_server, size, lang, "hm@example.com", roles=[Role.HIRING_MANAGER]
    )
    pooled.job.hiring_managers.add(manager)

    page.goto(f"{live_server.url}/recruiting/talent-pool/")

    notice = page.locator("[data-testid=recall-not-allowed]")
    expect(notice).to_contain_text("无权召回候选人" if lang == "zh" else "cannot recall candidates")
    expect(page.get_by_text("李娜")).to_be_visible()
    assert page.locator("select[name=job]").count() == 0
    shoot(page, screenshot_dir, request, f"hiring-manager-{lang}")


@pytest.mark.parametrize(("size", "lang"), CASES)
def test_a_dragged_card_reads_just_now(browser, live_server, screenshot_dir, request, size, lang):
    # given a card that has been in the first stage for three days
    job = JobFactory(title="数据分析师")
    application = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="周杰"))
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=3)
    )
    page, recruiter = _signed_in(
        browser, live_server, size, lang, "r@example.com", roles=[Role.RECRUITER]
    )
    job.recruiters.add(recruiter)
    page.goto(f"{live_server.url}/recruiting/jobs/{job.pk}/")
    card = page.locator(f"[data-testid=card-{application.pk}]")
    expect(card.locator("[data-stage-age]")).to_have_text(
        re.compile(r"在此阶段 3 天" if lang == "zh" else r"3 days in stage")
    )

    # when it is dragged to the second stage (on a phone, where a finger cannot drag
    # an HTML card, moved with the keyboard, through the same script and answer)
    second = job.stages.get(position=1)
    if size == "desktop":
        card.drag_to(page.locator(f'section[data-stage="{second.pk}"] [data-drop]'))
    else:
        card.focus()
        page.keyboard.press("Alt+ArrowRight")

    # then it reads that it entered the stage just now, without a reload
    moved = page.locator(f'section[data-stage="{second.pk}"] [data-testid=card-{application.pk}]')
    expect(moved.locator("[data-stage-age]")).to_have_text(
        "刚刚进入此阶段" if lang == "zh" else "Entered this stage just now"
    )
    moved.scroll_into_view_if_needed()
    shoot(page, screenshot_dir, request, f"after-drag-{lang}", width=SIZES[size]["width"])


@pytest.mark.parametrize("size", sorted(SIZES))
def test_signing_in_keeps_the_pages_language_unless_the_user_chose_one(
    browser, live_server, screenshot_dir, request, size
):
    # given two people who never chose and who chose Chinese, on an English sign-in page
    UserFactory(email="new@example.com", roles=[Role.HR_ADMIN], language_chosen_at=None)
    UserFactory(email="chose@example.com", roles=[Role.HR_ADMIN], language="zh-hans")
    context = browser.new_context(viewport=SIZES[size], locale="en-US")
    page = context.new_page()

    # a signed-out visit to the API docs goes to the sign-in page, which is in English
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_url("**/accounts/login/?next=/api/docs/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, screenshot_dir, request, "1-sign-in-en")

    # when the one who never chose signs in, the docs open in English, as the page was
    page.fill("input[name=username]", "new@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/api/docs/")
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shoot(page, screenshot_dir, request, "2-dashboard-en")
    context.close()

    # and the one who chose Chinese in their settings gets Chinese, from the same page
    context = browser.new_context(viewport=SIZES[size], locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.fill("input[name=username]", "chose@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shoot(page, screenshot_dir, request, "3-dashboard-zh")
    context.close()
