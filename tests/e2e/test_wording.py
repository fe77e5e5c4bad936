"""HR reads the AI interview card, the review queue, the sync lookup and the outbox in
words, in real headless Chromium: Chinese and English, phone and desktop.

The scene (tests/recruiting/wording_scene.py) holds every code these pages used to
show raw. Screenshots: wording-<page>-<language>-<size>.png next to the
*-before.png ones taken on the code before issue 14 (see the closing note).
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.wording_scene import WANG_EMAIL, scene_make

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
EXPECTED = {
    "zh-hans": {
        "card": ["VueSim", "供应商建议：推荐", "4.8 / 5 分 → 95", "校园宣讲会"],
        "queue": ["AI：沟通能力 70", "待人工复核"],
        "lookup": ["已于", "95 分已显示在 王芳 的档案上", "已更新", "无变化"],
    },
    "en": {
        "card": ["VueSim", "Vendor's recommendation: Recommended", "4.8 / 5 → 95", "Campus talk"],
        "queue": ["AI: Communication 70", "Needs review"],
        "lookup": ["Synced at", "score 95 is on 王芳's profile", "Updated", "No change"],
    },
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", list(EXPECTED))
def test_hr_reads_the_card_the_queue_and_the_lookup_in_words(
    page, live_server, screenshot_dir, request, language, size
):
    # One application per source (eleven): the profile's interview buttons wrap
    # instead of making a row wider than the screen.
    scene = scene_make(every_source=True)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language=language)
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "hr@example.com")
    lang = "zh" if language == "zh-hans" else "en"
    expected = EXPECTED[language]

    profile = reverse("recruiting:candidate-detail", args=[scene.wang.candidate_id])
    page.goto(live_server.url + profile)
    card = page.locator(f"[data-testid=assessment-{scene.wang.assessments.get().pk}]")
    application = card.locator("xpath=ancestor::section[1]")
    for words in expected["card"]:
        assert words in application.inner_text()
    _shot(page, screenshot_dir, request, f"wording-profile-{lang}-{size}", card)

    page.goto(live_server.url + reverse("recruiting:review-queue"))
    queue = page.locator("[data-testid=review-row]").first.inner_text()
    for words in expected["queue"]:
        assert words in queue
    assert "0:0" not in queue  # the time waiting in words, not a clock
    _shot(page, screenshot_dir, request, f"wording-queue-{lang}-{size}")

    page.goto(live_server.url + reverse("recruiting:sync-lookup") + f"?q={WANG_EMAIL}")
    answer = page.locator("[data-testid=lookup-answer]")
    assert answer.locator("a").get_attribute("href") == profile
    text = answer.inner_text() + page.locator("[data-testid=lookup-traces]").inner_text()
    for words in expected["lookup"]:
        assert words in text
    _shot(page, screenshot_dir, request, f"wording-lookup-{lang}-{size}")

    page.goto(live_server.url + reverse("notifications:outbox"))
    recipient = page.locator("[data-testid=outbox-recipient] a")
    assert recipient.inner_text() == "王芳"  # not candidate:<id>
    assert recipient.get_attribute("href") == profile
    _shot(page, screenshot_dir, request, f"wording-outbox-{lang}-{size}")
    assert not errors


def _shot(page, screenshot_dir, request, name, element=None) -> None:
    """The page as shot() takes it (no sideways scroll at either size), saved by name."""
    shot = shoot(page, screenshot_dir, request, name)
    shot.rename(screenshot_dir / f"{name}.png")
    if element is not None:
        element.screenshot(path=str(screenshot_dir / f"{name}-card.png"))
