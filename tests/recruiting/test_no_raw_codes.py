"""No internal key reaches a person's eyes: the pages that show stored codes render
every code value in words.

The candidate profile (sources, score parts, vendors), the review queue (score
parts, waiting time), the outbox (recipients) and the sync lookup (outcomes) are
rendered in both languages over a scene holding every code value
(tests/recruiting/wording_scene.py); the visible text (text nodes outside
<script>, <style> and <code>, which shows ids on purpose) may hold no snake_case
word and no Python duration ("0:02:58").
"""

import re

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import ScreeningDecision
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text
from tests.recruiting.wording_scene import WANG_EMAIL, scene_make

pytestmark = pytest.mark.django_db

SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
# str(timedelta): "0:02:58", "1 day, 3:00:00"; a time of day ("07:14:24") has two digits.
CLOCK = re.compile(r"(?<![\d:])\d:\d\d:\d\d\b|\bdays?, \d")


@pytest.fixture
def scene():
    return scene_make()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_shows_an_internal_key_or_a_clock_duration(client, scene, language):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language=language))
    assert ScreeningDecision.objects.filter(state="review").count() == 1  # the scene holds
    pages = {
        "profile": reverse("recruiting:candidate-detail", args=[scene.wang.candidate_id]),
        "queue": reverse("recruiting:review-queue"),
        "outbox": reverse("notifications:outbox"),
        "lookup": reverse("recruiting:sync-lookup") + f"?q={WANG_EMAIL}",
    }

    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = visible_text(response.content.decode())
        found[name] = SNAKE_CASE.findall(text) + CLOCK.findall(text)

    assert found == {name: [] for name in pages}


def test_the_pages_say_in_words_what_the_codes_meant(client, scene):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="zh-hans"))

    profile = visible_text(
        client.get(
            reverse("recruiting:candidate-detail", args=[scene.wang.candidate_id])
        ).content.decode()
    )
    queue = visible_text(client.get(reverse("recruiting:review-queue")).content.decode())
    outbox = client.get(reverse("notifications:outbox")).content.decode()

    assert "已申请 → 网申 · 校园宣讲会" in profile  # campus_talk, on the timeline
    assert "缺少 AI：沟通能力、笔试" in profile
    assert "缺少 AI面试、简历匹配度、面试评价" in profile
    assert "0.3 \u00d7 AI：沟通能力 70" in queue  # a times sign
    recipient = reverse("recruiting:candidate-detail", args=[scene.wang.candidate_id])
    assert f'<a href="{recipient}">王芳</a>' in outbox
