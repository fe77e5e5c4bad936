"""HR tunes a screening rule in real headless Chromium, watching the what-if preview.

A job has thirteen scored applications, twelve of whose candidates answered
the voluntary questions, and a rule (v1: 80 advances, under 60 is a suggested
reject). HR opens the rules from the job's board, lowers "advance at" to 70,
sees the preview count more advances without saving anything, saves, and
finds version 2 above version 1 in the history. Screenshots in Chinese, then
English.
"""

import pytest
from playwright.sync_api import expect

from hrflow.accounts.roles import Role
from recruiting.models import SelfIdentification
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import JobFactory
from tests.recruiting.screening.test_services import _rule
from tests.recruiting.screening.test_what_if import _with_result

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hr_edits_a_threshold_sees_the_what_if_change_and_saves_version_2(
    page, live_server, screenshot_dir, request
):
    # given a job with a rule, thirteen scored applications, twelve with voluntary answers
    job = JobFactory(title="数据分析师")
    rule = _rule(job).rule
    women = ("95", "85", "75", "72", "65", "55")
    men = ("92", "88", "84", "74", "71", "50")
    for score, gender in [*((s, "female") for s in women), *((s, "male") for s in men)]:
        application = _with_result(job, score)
        SelfIdentification.objects.create(candidate=application.candidate, gender=gender)
    _with_result(job, "50")  # no voluntary answers
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, "hr@example.com")

    # when HR opens the job's rules from its board, then the rule
    page.goto(f"{live_server.url}/recruiting/jobs/{job.pk}/")
    page.click("[data-testid=screening-rules]")
    expect(page.locator("[data-testid=rule-row]")).to_have_count(1)
    shoot(page, screenshot_dir, request, "1-rules-zh")
    page.locator("[data-testid=rule-row]").get_by_role("link", name="Campus screening").click()
    advance = page.locator("[data-testid=current-advance]")
    expect(advance).to_have_text("5")  # 95, 92, 88, 85, 84, before anything is touched
    expect(page.locator("[data-testid=current-hold]")).to_have_text("5")
    # women 2 of 6 against men 3 of 6: an impact ratio of 0.66, flagged
    female = page.locator('[data-testid=fairness-table] tr[data-group="female"]')
    expect(female).to_contain_text("0.66")
    expect(page.locator("[data-testid=fairness-flag]")).to_be_visible()
    shoot(page, screenshot_dir, request, "2-flagged-zh")

    # and lowers "advance at" to 70
    page.fill("input[name=advance_at]", "70")

    # then the preview counts nine advances and no flag (4 of 6 against 5 of 6 is 0.80),
    # and nothing is saved yet
    expect(advance).to_have_text("9")
    expect(page.locator("[data-testid=what-if-summary]")).to_contain_text("9")
    expect(female).to_contain_text("0.80")
    expect(page.locator("[data-testid=fairness-flag]")).to_have_count(0)
    assert rule.versions.count() == 1
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, screenshot_dir, request, "3-editor-zh")

    # when HR saves
    page.click("[data-testid=save-rule]")
    page.wait_for_url(f"**/recruiting/rules/{rule.pk}/")

    # then version 2 sits above version 1 in the history, and the editor starts from it
    rows = page.locator("[data-testid=version-row]")
    expect(rows).to_have_count(2)
    assert rows.nth(0).inner_text().startswith("v2")
    assert rows.nth(1).inner_text().startswith("v1")
    assert page.input_value("input[name=advance_at]") == "70.00"
    assert list(rule.versions.order_by("number").values_list("advance_at", flat=True)) == [80, 70]

    page.click("[data-testid=lang-en]")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=what-if-summary]")).to_contain_text(
        "Under this rule 9 of 13 current applications would advance"
    )
    shoot(page, screenshot_dir, request, "4-saved-en")
    assert not errors
