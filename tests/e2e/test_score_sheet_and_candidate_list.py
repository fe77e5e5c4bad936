"""The score sheet and the candidate list in real Chromium, at phone and desktop size, in
Chinese and English: the composite legend, incomplete rows last, a filter that keeps the
order, the CSV's phone number, and the candidate filters with their total."""

from pathlib import Path

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.services.applications import application_move
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.scores.world import sheet_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
WORDS = {
    "zh-hans": {
        "legend": "综合评分 = AI面试 50% + 笔试 30% + 简历匹配度 20%",
        "incomplete": "不完整",
        "missing": "缺：AI面试、笔试",
        "total": "共 1 位候选人",
    },
    "en": {
        "legend": "Composite score = AI interview 50% + Written test 30% + Resume match 20%",
        "incomplete": "Incomplete",
        "missing": "missing: AI interview, Written test",
        "total": "1 candidate",
    },
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_score_sheet_and_the_candidate_list(
    page, live_server, screenshot_dir, request, size, language
):
    world = sheet_world()
    interview = world.job.stages.filter(kind="interview").order_by("position").first()
    application_move(application=world.partial, to_stage=interview)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=language)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    words = WORDS[language]
    sign_in(page, live_server.url, "hr@example.com")

    # The sheet says what the composite is made of; the resume-only row (82.6) is
    # incomplete and no longer ranks above the others.
    sheet = f"{live_server.url}{reverse('recruiting:score-sheet', args=[world.job.pk])}"
    page.goto(sheet)
    assert words["legend"] in page.locator("[data-testid=composite-legend]").inner_text()
    rows = page.locator("[data-testid=sheet-row]")
    assert rows.nth(0).inner_text().startswith("王芳")
    assert "93.3" in rows.nth(0).inner_text()
    assert rows.count() == 3
    resume_only = rows.filter(has_text="张伟").locator("[data-testid=composite]").inner_text()
    assert words["incomplete"] in resume_only
    assert words["missing"] in resume_only
    shoot(page, screenshot_dir, request, f"1-sheet-{size}-{language}")

    # Sorting by the written test upwards, then filtering, keeps the upward order.
    page.goto(f"{sheet}?sort=written&dir=asc")
    page.fill("input[name=min_ai]", "1")
    page.locator("[data-testid=sheet-filters] button[type=submit]").click()
    page.wait_for_url("**min_ai=1**")
    assert "dir=asc" in page.url
    assert "sort=written" in page.url
    names = [row.split()[0] for row in page.locator("[data-testid=sheet-row]").all_inner_texts()]
    assert names == ["李雷", "王芳"]
    shoot(page, screenshot_dir, request, f"2-sheet-filtered-{size}-{language}")

    # The CSV keeps the phone number as it is.
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert ",+8615833234003," in text
    assert "'+86" not in text

    # HR leaves the resume match out of this job's composite: 李雷 (AI 88, test 79) gets 84.4.
    page.goto(sheet)
    page.click(".weights summary")
    page.fill("input[name=ai_interview]", "60")
    page.fill("input[name=written_test]", "40")
    page.fill("input[name=resume_match]", "0")
    page.locator("[data-testid=weights-form] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "84.4" in page.locator("[data-testid=sheet-row]").nth(1).inner_text()
    page.click(".weights summary")
    shoot(page, screenshot_dir, request, f"2b-sheet-new-weights-{size}-{language}")

    # The candidate list: job, then stage (offered once a job is chosen), and the total.
    page.goto(f"{live_server.url}{reverse('recruiting:candidate-list')}")
    assert page.locator("[data-testid=filter-stage]").is_disabled()
    page.select_option("[data-testid=filter-job]", str(world.job.pk))
    page.wait_for_url(f"**job={world.job.pk}**")
    page.select_option("[data-testid=filter-stage]", str(interview.pk))
    page.wait_for_url(f"**stage={interview.pk}**")
    assert page.locator("[data-testid=candidate-total]").inner_text() == words["total"]
    row = page.locator("[data-testid=candidate-row]")
    assert row.count() == 1
    assert f"{world.job.title} · {interview.name}" in row.inner_text()
    shoot(page, screenshot_dir, request, f"3-candidates-filtered-{size}-{language}")
