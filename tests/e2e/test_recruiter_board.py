"""A recruiter works a job in real Chromium: drag a card, reject one, search, open the profile."""

import pytest

from hrflow.accounts.roles import Role
from recruiting.models import Application
from tests.fixtures.browser import shoot
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory
from tests.recruiting.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_recruiter_moves_rejects_searches_and_reads_the_timeline(
    page, live_server, screenshot_dir, request
):
    # given a job with three applicants and its recruiter
    recruiter = UserFactory(email="r@example.com", roles=[Role.RECRUITER], language="en")
    job = JobFactory(title="数据分析师")
    job.recruiters.add(recruiter)
    mover = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="周杰"))
    rejected = ApplicationFactory(job=job, candidate=CandidateFactory(full_name="吴婷"))
    ApplicationFactory(job=job, candidate=CandidateFactory(full_name="Emily Chen"))
    second_stage = job.stages.get(position=1)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "r@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")

    # when the recruiter opens the job's board from the job list
    page.get_by_role("link", name="Jobs", exact=True).click()
    page.get_by_role("link", name="数据分析师").click()
    page.get_by_role("heading", name="数据分析师").wait_for()
    shoot(page, screenshot_dir, request, "1-board")

    # and drags 周杰 to the second stage
    card = page.locator(f"[data-testid=card-{mover.pk}]")
    target = page.locator(f'section[data-stage="{second_stage.pk}"] [data-drop]')
    card.drag_to(target)
    page.locator(
        f'section[data-stage="{second_stage.pk}"] [data-testid=card-{mover.pk}]'
    ).wait_for()
    assert page.locator(f'section[data-stage="{second_stage.pk}"] [data-count]').inner_text() == "1"
    shoot(page, screenshot_dir, request, "2-after-drag")

    # and moves it one more stage with the keyboard
    moved_card = page.locator(f"[data-testid=card-{mover.pk}]")
    moved_card.focus()
    page.keyboard.press("Alt+ArrowRight")
    third_stage = job.stages.get(position=2)
    page.locator(f'section[data-stage="{third_stage.pk}"] [data-testid=card-{mover.pk}]').wait_for()

    # and rejects 吴婷 with a reason
    page.locator(f"[data-testid=card-{rejected.pk}] input[type=checkbox]").check()
    page.select_option("#bulk-reason", "not_qualified")
    page.click("[data-testid=bulk-reject]")
    page.get_by_text("1 rejected and kept in the talent pool.").wait_for()
    assert page.locator(f"[data-testid=card-{rejected.pk}]").count() == 0
    shoot(page, screenshot_dir, request, "3-after-reject")

    # then the database agrees
    assert Application.objects.get(pk=mover.pk).stage == third_stage
    assert Application.objects.get(pk=rejected.pk).status == Application.Status.REJECTED

    # when they search for 周杰 by pinyin and open the profile
    page.get_by_role("link", name="Candidates", exact=True).click()
    page.fill("[data-testid=candidate-search]", "zhoujie")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="周杰").click()

    # then the timeline shows every move
    page.get_by_role("heading", name="周杰").wait_for()
    timeline = page.locator("[data-testid=timeline]").inner_text()
    stages = list(job.stages.order_by("position").values_list("name", flat=True))
    assert f"{stages[0]} → {stages[1]}" in timeline
    assert f"{stages[1]} → {stages[2]}" in timeline
    shoot(page, screenshot_dir, request, "4-profile")
