"""The receiver's shortcuts keep its guarantees (issue 12, point 17).

The endpoint keeps each connection's adapter between deliveries (its secrets
decrypted once), stores an event in one statement and wakes a drainer of the
inbox instead of queueing a task per delivery. What it promised before still
holds: a rotated-out secret or a deleted connection is refused on the very
next delivery, duplicates sent at the same moment are stored once, the row is
committed before the 2xx, and a vendor that does not answer is retried from
the inbox until its retries are spent.
"""

import json
import threading
from datetime import timedelta

import httpx
import pytest
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone

from integrations.models import DeadLetter, WebhookEvent
from recruiting.vendors.inbox import webhook_inbox_drain
from tests.fixtures.vendor_connections import thin_event, vuesim_headers
from tests.recruiting.vendors.harness import Harness

pytestmark = pytest.mark.django_db


def _full_event(interview_id: str, **extra) -> bytes:
    data = {"interview_id": interview_id, "status": "scored", "competencies": []} | extra
    return json.dumps({"type": "interview.scored", "data": data}).encode()


def test_a_retired_secret_is_refused_on_the_next_delivery(vuesim_connection, post_webhook):
    from recruiting.vendors.connections import (
        connection_retire_old_secret,
        connection_rotate_webhook_secret,
    )

    body = thin_event("iv_1")
    old = vuesim_connection.webhook_secrets[0]
    assert post_webhook(vuesim_connection, body, vuesim_headers(body)).status_code == 200

    new = connection_rotate_webhook_secret(connection=vuesim_connection, actor=None)
    both = [
        post_webhook(vuesim_connection, body, vuesim_headers(body, secret=old)).status_code,
        post_webhook(vuesim_connection, body, vuesim_headers(body, secret=new)).status_code,
    ]
    connection_retire_old_secret(connection=vuesim_connection, actor=None)
    after = [
        post_webhook(vuesim_connection, body, vuesim_headers(body, secret=old)).status_code,
        post_webhook(vuesim_connection, body, vuesim_headers(body, secret=new)).status_code,
    ]

    assert both == [200, 200]  # during the rotation both verify
    assert after == [401, 200]
    assert WebhookEvent.objects.filter(connection=vuesim_connection).count() == 4


def test_a_deleted_connection_answers_410_on_the_next_delivery(vuesim_connection, post_webhook):
    body = thin_event("iv_1")
    assert post_webhook(vuesim_connection, body, vuesim_headers(body)).status_code == 200
    vuesim_connection.deleted_at = timezone.now()
    vuesim_connection.save()

    again = post_webhook(vuesim_connection, body, vuesim_headers(body))

    assert again.status_code == 410
    assert WebhookEvent.objects.filter(connection=vuesim_connection).count() == 1


def test_a_mapping_change_reaches_the_kept_adapter(vuesim_connection, post_webhook):
    """Whether affect data is kept is the mapping's: the next delivery follows it."""
    from recruiting.vendors.connections import connection_update_mapping

    sentiment = {"overall": {"label": "positive", "confidence": 0.5}}
    first = _full_event("iv_1", sentiment=sentiment)
    post_webhook(vuesim_connection, first, vuesim_headers(first, event_id="msg_1"))
    connection_update_mapping(
        connection=vuesim_connection,
        mapping={**vuesim_connection.mapping, "keep_affect": True},
        actor=None,
    )
    second = _full_event("iv_2", sentiment=sentiment)

    post_webhook(vuesim_connection, second, vuesim_headers(second, event_id="msg_2"))

    stored = dict(
        WebhookEvent.objects.filter(connection=vuesim_connection).values_list("event_id", "payload")
    )
    assert "sentiment" not in stored["msg_1"]
    assert stored["msg_2"]["sentiment"] == sentiment


def test_the_endpoint_skips_the_browser_middleware_but_not_the_host_check(
    vuesim_connection, post_webhook, client
):
    body = thin_event("iv_1")

    answered = post_webhook(vuesim_connection, body, vuesim_headers(body))
    foreign_host = client.post(
        reverse("integrations:webhook", args=[vuesim_connection.uuid]),
        data=body,
        content_type="application/json",
        HTTP_HOST="evil.example",
        **vuesim_headers(body),
    )

    assert answered.status_code == 200
    assert not answered.cookies  # no session, no CSRF or language cookie
    assert "Content-Security-Policy" not in answered.headers  # data, not a page
    assert "Vary" not in answered.headers  # no cookie or language negotiation
    assert foreign_host.status_code == 400
    assert WebhookEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_delivery_from_eight_senders_at_once_is_stored_once(live_server):
    from recruiting.vendors.connections import connection_create
    from tests.fixtures.vendor_connections import VUESIM_SECRET

    connection = connection_create(
        name="VueSim at once",
        vendor="vuesim",
        base_url="http://127.0.0.1:9",
        credentials={"client_id": "a", "client_secret": "b"},
        webhook_secret=VUESIM_SECRET,
        actor=None,
    )
    url = live_server.url + reverse("integrations:webhook", args=[connection.uuid])
    body = _full_event("iv_once")
    signed = vuesim_headers(body, event_id="msg_once")
    headers = {key[5:].replace("_", "-").lower(): value for key, value in signed.items()}
    start = threading.Barrier(8)
    statuses: list[int] = []

    def send() -> None:
        start.wait()
        statuses.append(httpx.post(url, content=body, headers=headers, timeout=30).status_code)
        close_old_connections()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Every sender heard 2xx only once its event was committed: it is there to read.
    assert statuses == [200] * 8
    [event] = WebhookEvent.objects.filter(connection=connection)
    assert (event.event_id, event.duplicates) == ("msg_once", 7)


@pytest.fixture
def vuesim(db):
    running = Harness("vuesim")
    yield running
    running.close()


def _received(harness: Harness, post_webhook, interview_id: str) -> WebhookEvent:
    body = thin_event(interview_id)
    headers = vuesim_headers(body, secret=harness.connection.webhook_secrets[0])
    assert post_webhook(harness.connection, body, headers).status_code == 200
    return WebhookEvent.objects.filter(connection=harness.connection).latest("pk")


def test_the_drainer_processes_waiting_events_and_retries_a_vendor_that_is_down(
    vuesim, post_webhook
):
    made = vuesim.scenario("S1", vuesim.applications[0])
    event = _received(vuesim, post_webhook, made["ids"][0])
    vuesim.faults({"kind": "status", "status": 503, "path": "/api/v1/interviews"})

    processed = webhook_inbox_drain(connection_id=vuesim.connection.pk, slot=0)

    event.refresh_from_db()
    assert processed == 1
    assert (event.status, event.attempts) == (WebhookEvent.Status.RECEIVED, 1)
    assert event.retry_at > timezone.now()  # not drained again before its time
    assert webhook_inbox_drain(connection_id=vuesim.connection.pk, slot=0) == 0

    vuesim.control("DELETE", "faults")
    WebhookEvent.objects.filter(pk=event.pk).update(retry_at=timezone.now() - timedelta(1))
    webhook_inbox_drain(connection_id=vuesim.connection.pk, slot=0)

    event.refresh_from_db()
    assert (event.status, event.attempts) == (WebhookEvent.Status.DONE, 2)
    assert len(vuesim.assessments()) == 1


def test_an_event_whose_retries_are_spent_fails_with_a_dead_letter(vuesim, post_webhook):
    from recruiting.vendors.retries import MAX_RETRIES

    made = vuesim.scenario("S1", vuesim.applications[0])
    event = _received(vuesim, post_webhook, made["ids"][0])
    WebhookEvent.objects.filter(pk=event.pk).update(attempts=MAX_RETRIES)
    vuesim.faults({"kind": "status", "status": 503, "path": "/api/v1/interviews"})

    webhook_inbox_drain(connection_id=vuesim.connection.pk, slot=0)

    event.refresh_from_db()
    assert event.status == WebhookEvent.Status.FAILED
    assert "503" in event.error
    assert DeadLetter.objects.filter(
        connection=vuesim.connection, kind=DeadLetter.Kind.WEBHOOK, reference=f"webhook:{event.pk}"
    ).exists()


def test_a_batch_with_a_record_the_database_refuses_still_records_the_others(vuesim, post_webhook):
    """Recorded together, then one by one when that fails: only the bad one is held."""
    from integrations.connections import adapter_for
    from integrations.models import HeldPayload

    adapter = adapter_for(vuesim.connection)
    try:
        bodies = [
            adapter.fetch_result(vuesim.scenario("S1", application)["ids"][0]).body
            for application in vuesim.applications
        ]
    finally:
        adapter.close()
    bodies[1] = bodies[1] | {"remark": "nul \x00 byte"}  # jsonb cannot hold it
    secret = vuesim.connection.webhook_secrets[0]
    for body in bodies:
        raw = json.dumps({"type": "interview.scored", "data": body}).encode()
        post_webhook(vuesim.connection, raw, vuesim_headers(raw, secret=secret))

    processed = webhook_inbox_drain(connection_id=vuesim.connection.pk, slot=0)

    events = WebhookEvent.objects.filter(connection=vuesim.connection).order_by("pk")
    assert processed == 3
    assert list(events.values_list("status", flat=True)) == ["done", "quarantined", "done"]
    assert len(vuesim.assessments()) == 2
    held = HeldPayload.objects.get(connection=vuesim.connection)
    assert "database refused" in held.reason
