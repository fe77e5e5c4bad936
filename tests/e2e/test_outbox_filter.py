"""The outbox's status filter applies on choosing, under the CSP, at phone and desktop size."""

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from hrflow.notifications.models import OutboxMessage
from tests.fixtures.browser import screenshot_name, sign_in
from tests.hrflow.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _message(key: str, status: str) -> None:
    OutboxMessage.objects.create(
        idempotency_key=key,
        channel=OutboxMessage.Channel.EMAIL,
        event="rejected",
        recipient=f"{key}@example.com",
        subject=f"subject {key}",
        body="x",
        status=status,
    )


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_choosing_a_status_filters_the_outbox(page, live_server, screenshot_dir, request, size):
    _message("failed-one", OutboxMessage.Status.FAILED)
    _message("sent-one", OutboxMessage.Status.SENT)
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])
    page.set_viewport_size({"width": size[0], "height": size[1]})
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content" in message.text else None,
    )

    sign_in(page, live_server.url, "hr@example.com")
    page.goto(f"{live_server.url}{reverse('notifications:outbox')}")
    page.select_option("select[name=status]", OutboxMessage.Status.FAILED)
    page.wait_for_url("**status=failed*")

    table = page.locator("[data-testid=outbox]").inner_text()
    assert "failed-one@example.com" in table
    assert "sent-one@example.com" not in table
    assert blocked == []  # no Content-Security-Policy refusal in the console
    page.screenshot(path=str(screenshot_dir / screenshot_name(request.node.name, "filtered")))
