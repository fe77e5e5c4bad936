"""HR settles the review queue in real headless Chromium, in Chinese then English.

Two applications wait after a screening rule: one held (score between the
thresholds), one with a suggested reject. HR opens 待人工复核 from the menu,
reads why each waits, confirms the suggested reject; the other stays.
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Application, ScreeningDecision
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory
from tests.recruiting.screening.test_services import _waiting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_confirms_a_suggested_reject_from_the_queue(page, live_server, screenshot_dir, request):
    job = JobFactory()
    held_app, held = _waiting("70", job)
    low_app, low = _waiting("45", job)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, live_server.url, "hr@example.com")
    page.get_by_role("link", name="待人工复核", exact=True).click()
    page.wait_for_url(f"**{reverse('recruiting:review-queue')}")
    rows = page.locator("[data-testid=review-row]")
    assert rows.count() == 2
    assert "综合评分 70.00" in rows.nth(0).inner_text()  # oldest first, explained
    shoot(page, screenshot_dir, request, "1-queue-zh")

    rows.nth(1).locator("input[type=checkbox]").check()
    page.select_option("select[name=action]", "confirm")
    page.click("[data-testid=review-actions] button[type=submit]")
    page.wait_for_url(f"**{reverse('recruiting:review-queue')}")

    assert page.locator("[data-testid=review-row]").count() == 1
    low_app.refresh_from_db()
    assert low_app.status == Application.Status.REJECTED
    low.refresh_from_db()
    held.refresh_from_db()
    assert (low.state, held.state) == (
        ScreeningDecision.State.CONFIRMED,
        ScreeningDecision.State.REVIEW,
    )
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "held for review by rule" in page.locator("[data-testid=review-row]").inner_text()
    shoot(page, screenshot_dir, request, "2-queue-en")
    assert held_app.candidate.full_name in page.content()
    assert not errors
