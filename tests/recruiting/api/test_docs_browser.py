"""The API docs in real headless Chromium: Swagger UI renders our schema under the CSP."""

import pytest

from hrflow.accounts.roles import Role
from tests.fixtures.browser import screenshot_name
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_docs_render_every_resource_without_console_errors(
    page, live_server, screenshot_dir, request
):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    UserFactory(email="recruiter@example.com", roles=[Role.RECRUITER], language="en")

    # Given a signed-in recruiter
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "recruiter@example.com")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/")

    # When they open the API docs
    page.goto(f"{live_server.url}/api/docs/")

    # Then Swagger UI lists the operations from our schema, with no script errors
    page.get_by_text("/api/v1/applications/bulk-move/").first.wait_for()
    page.screenshot(path=str(screenshot_dir / screenshot_name(request.node.name, "docs")))
    for tag in ("jobs", "candidates", "applications", "assessments", "notes"):
        assert page.locator(f"#operations-tag-{tag}").count() == 1
    assert errors == []
