"""An HR admin repairs a quarantined AI-interview result in real headless Chromium.

The story: someone mapped VueSim's "problem_solving" competency onto our
"communication" dimension by mistake. The next scored interview then has two
competencies landing on one dimension, so the sync holds it aside instead of
storing it. HR opens the integration health page, sees the held payload and
why, points "problem_solving" at "logical_thinking", previews, saves, replays
the payload, and finds the scores on the candidate's profile.

Real code path: a VueSim simulator serves HTTP on 127.0.0.1 (in this process),
the sync runs our adapter against it, and the browser talks to the live server.
"""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from integrations.models import HeldPayload
from recruiting.models import Application, Assessment
from recruiting.vendors.connections import connection_update_mapping
from tests.fixtures.browser import shoot, sign_in
from tests.hrflow.factories import UserFactory
from tests.recruiting.vendors.harness import Harness

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORT_WIDTH = 1280  # the `page` fixture's
DUPLICATE_REASONS = (
    "Two of the result's dimensions have the same name or map to the same dimension.",
    "结果中有两个维度同名或映射到同一维度。",
)


@pytest.fixture
def vuesim():
    running = Harness("vuesim")
    yield running
    running.close()


@pytest.fixture
def console_errors(page):
    """Browser console errors (a CSP violation by htmx would show up here)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _held_by_mistake(vuesim: Harness) -> tuple[Application, HeldPayload]:
    """A scored S1 interview that a wrong mapping makes the sync hold as malformed."""
    wrong = vuesim.connection.mapping | {
        "dimensions": vuesim.connection.mapping["dimensions"] | {"problem_solving": "communication"}
    }
    connection_update_mapping(connection=vuesim.connection, mapping=wrong, actor=None)
    application = vuesim.applications[0]
    vuesim.scenario("S1", application)
    run = vuesim.sync_here()
    assert (run.fetched, run.created, run.quarantined) == (1, 0, 1)
    held = HeldPayload.objects.get(connection=vuesim.connection, status=HeldPayload.Status.OPEN)
    assert held.reason in DUPLICATE_REASONS  # in the language the sync ran in
    return application, held


def test_hr_fixes_the_mapping_replays_a_held_result_and_sees_the_scores(
    page, live_server, screenshot_dir, request, console_errors, vuesim
):
    # given a held VueSim result and an HR admin who reads English
    application, held = _held_by_mistake(vuesim)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN], language="en")
    sign_in(page, live_server.url, "hr@example.com")

    # when HR opens Integrations from the menu: the connection shows one held payload
    page.get_by_role("link", name="Integrations", exact=True).click()
    page.wait_for_url(f"**{reverse('recruiting:integration-list')}")
    row = page.locator("[data-testid=connections] tbody tr", has_text=vuesim.connection.name)
    assert row.locator("td").nth(6).inner_text().strip() == "1"
    shoot(page, screenshot_dir, request, "1-integrations")

    # and opens the connection: the held table names the result and the reason
    row.get_by_role("link", name=vuesim.connection.name).click()
    page.get_by_role("heading", name=vuesim.connection.name).wait_for()
    assert page.locator("[data-testid=connection-state]").inner_text().strip() == "Active"
    holds = page.locator("[data-testid=held] tbody tr")
    assert holds.count() == 1
    assert held.external_result_id in holds.first.inner_text()
    assert held.reason in holds.first.inner_text()
    shoot(page, screenshot_dir, request, "2-connection-with-held")

    # and opens the held payload: reason and the raw bytes as the vendor sent them
    holds.first.get_by_role("link", name="Open").click()
    page.wait_for_url(f"**{reverse('recruiting:held-detail', args=[held.pk])}")
    assert page.locator("[data-testid=held-reason]").inner_text().strip() == held.reason
    raw = page.locator("[data-testid=held-raw]").inner_text()
    assert '"problem_solving"' in raw
    assert held.external_result_id in raw
    shoot(page, screenshot_dir, request, "3-held-payload")

    # and goes to edit the mapping: problem_solving is (wrongly) our communication
    page.get_by_role("link", name="Edit mapping").click()
    page.get_by_role("heading", name="Field mapping").wait_for()
    rows = page.locator("[data-testid=mapping-rows] tbody tr")
    problem_solving = rows.filter(has=page.locator('input[value="problem_solving"]'))
    assert problem_solving.count() == 1
    choice = problem_solving.locator("select")
    assert choice.input_value() == "communication"
    # the held payload is the one offered for the preview
    assert page.locator("select[name=sample]").input_value() == f"held:{held.pk}"
    shoot(page, screenshot_dir, request, "4-mapping-as-found")

    # when HR points it at logical thinking and previews on the held payload
    choice.select_option("logical_thinking")
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("[data-testid=preview]")
    preview.wait_for()
    assert "4.2 / 1-5" in preview.inner_text()
    assert "80.00" in preview.inner_text()
    preview_rows = {
        cells[0]: cells[2:]
        for cells in (
            [cell.strip() for cell in tr.locator("td").all_inner_texts()]
            for tr in preview.locator("tbody tr").all()
        )
    }
    # (the vendor's labels, then our dimension's name and code, and the 0-100 score)
    assert preview_rows == {
        "Communication": ["Communication communication", "75.00"],
        "Problem Solving": ["Logical thinking logical_thinking", "100.00"],
        "Role Fit": ["Job fit job_fit", "75.00"],
        "Collaboration": ["Teamwork teamwork", "75.00"],
        "Technical Knowledge": ["Professional skill professional_skill", "75.00"],
    }
    shoot(page, screenshot_dir, request, "5-mapping-preview")

    # and saves it
    page.get_by_role("button", name="Save mapping").click()
    page.wait_for_url(f"**{reverse('recruiting:integration-detail', args=[vuesim.connection.pk])}")
    assert "Mapping saved." in page.locator("[data-message]").inner_text()
    vuesim.connection.refresh_from_db()
    assert vuesim.connection.mapping["dimensions"]["problem_solving"] == "logical_thinking"
    # saving alone does not touch the held payload: it waits for the replay
    assert page.locator("[data-testid=held] tbody tr").count() == 1
    shoot(page, screenshot_dir, request, "6-mapping-saved")

    # when HR goes back to the held payload and replays it
    page.locator("[data-testid=held] tbody tr").first.get_by_role("link", name="Open").click()
    page.get_by_role("button", name="Replay").click()

    # then the connection page says it was stored and nothing is held any more
    page.wait_for_url(f"**{reverse('recruiting:integration-detail', args=[vuesim.connection.pk])}")
    assert "Replayed: created." in page.locator("[data-message]").inner_text()
    assert page.locator("[data-testid=held] tbody").inner_text().strip() == "Nothing to sort out."
    shoot(page, screenshot_dir, request, "7-replayed")
    held.refresh_from_db()
    assert held.status == HeldPayload.Status.RESOLVED

    # and the candidate's profile shows the AI interview with its scores
    candidate = application.candidate
    page.goto(live_server.url + reverse("recruiting:candidate-detail", args=[candidate.pk]))
    page.get_by_role("heading", name=candidate.full_name).wait_for()
    assessment = Assessment.objects.get(application=application)
    card = page.locator(f"[data-testid=assessment-{assessment.pk}]")
    text = card.inner_text()
    assert "80.0" in text
    assert "4.2 / 5 → 80" in text  # the vendor's 1-5 scale, as HR reads it
    dimensions = {
        label.strip(): score.strip()
        for label, score in (
            (item.locator("span").first.inner_text(), item.locator("b").inner_text())
            for item in card.locator("ul.dimensions li").all()
        )
    }
    assert dimensions == {
        "Communication": "75",
        "Logical thinking": "100",
        "Job fit": "75",
        "Teamwork": "75",
        "Professional skill": "75",
    }
    assert "not mapped" not in text
    shoot(page, screenshot_dir, request, "8-candidate-profile")

    # and the database agrees
    assert Application.objects.get(pk=application.pk).ai_score == assessment.overall_score
    assert str(assessment.overall_score) == "80.00"
    assert console_errors == []
