"""The issue's browser test: HR edits a rule and sees the what-if, saves; a vendor result
arrives through the real worker; the card moves on the board and the message to the
candidate shows on the profile with its delivery status.
"""

import pytest
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from recruiting.models import Application, StageKind
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.screening.test_services import _rule
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vuesim(celery_worker_process, smtp_capture, sms_phone):
    running = Harness("vuesim")
    yield running
    running.close()


def test_a_rule_edited_in_the_browser_moves_the_card_and_the_candidate_hears(
    page, live_server, screenshot_dir, request, vuesim, smtp_capture
):
    job = vuesim.job
    application = vuesim.applications[0]
    ai = job.stages.get(kind=StageKind.AI_INTERVIEW)
    onsite = job.stages.filter(kind=StageKind.INTERVIEW).order_by("position").first()
    Application.objects.filter(pk=application.pk).update(stage=ai)
    rule = _rule(job).rule  # v1: 80 advances, under 60 a suggested reject
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "hr@example.com")
    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()

    # HR lowers "advance at" to 75 and sees the preview before saving
    page.goto(f"{live_server.url}/recruiting/rules/{rule.pk}/")
    page.fill("input[name=advance_at]", "75")
    expect(page.locator("[data-testid=what-if-summary]")).to_contain_text("current applications")
    assert rule.versions.count() == 1  # the preview saved nothing
    page.click("[data-testid=save-rule]")
    page.wait_for_url(f"**/recruiting/rules/{rule.pk}/")
    expect(page.locator("[data-testid=version-row]")).to_have_count(2)

    # a result arrives from the vendor (overall 80) and the worker records and decides it
    vuesim.scenario("S1", application)
    vuesim.sync_in_worker()
    wait_until(lambda: smtp_capture.to(application.candidate.email))

    # the card sits in the interview column of the board
    page.goto(f"{live_server.url}/recruiting/jobs/{job.pk}/")
    card = page.locator(
        f'section.column[data-stage="{onsite.pk}"] [data-testid=card-{application.pk}]'
    )
    expect(card).to_be_visible()
    expect(
        page.locator(f'section.column[data-stage="{ai.pk}"] [data-testid=card-{application.pk}]')
    ).to_have_count(0)
    shoot(page, screenshot_dir, request, "1-board-en")

    # and the profile shows the decision in plain words and the message with its status
    page.goto(f"{live_server.url}/recruiting/candidates/{application.candidate_id}/")
    decision = page.locator(f"[data-testid=decisions-{application.pk}] [data-testid=decision]")
    expect(decision).to_contain_text("advanced by rule 'Campus screening' v2")
    expect(decision).to_contain_text("composite 80.00")
    messages = page.locator("[data-testid=candidate-messages] [data-testid=message-row]")
    expect(messages.filter(has_text="E-mail")).to_have_count(1)
    expect(messages.filter(has_text="E-mail").locator("[data-testid=message-status]")).to_have_text(
        "Sent"
    )
    shoot(page, screenshot_dir, request, "2-profile-en")
    page.click("[data-testid=lang-zh]")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=candidate-messages]")).to_contain_text("已发送")
    shoot(page, screenshot_dir, request, "3-profile-zh")
    assert not errors
