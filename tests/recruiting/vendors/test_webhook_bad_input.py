"""Bad input on the vendor path gets a 4xx or is held, never a 5xx (issue 12, point 13).

Header values and the references vendors echo back are read by one set of
parsing helpers (integrations.parsing): a number is ASCII digits only (Python's
`str.isdigit` also says yes to "²" and to Arabic-Indic digits), an identifier is
printable text. Each delivery here is signed with the right secret, so it is
the parsing that is tested, not the signature check.
"""

import json
import time

import pytest
from django.urls import reverse

from integrations.models import DeadLetter, HeldPayload, WebhookEvent
from tests.fixtures.vendor_connections import msb_headers, thin_event, vuesim_headers
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _events(connection):
    return list(WebhookEvent.objects.filter(connection=connection))


@pytest.mark.parametrize(
    "stamp",
    [
        "²",
        "¹⁷¹⁵⁰⁰⁰⁰⁰⁰",
        str(int(time.time())).translate(ARABIC_INDIC),  # int() reads these as "now"
        f" {int(time.time())}",
    ],
)
def test_a_vuesim_timestamp_that_is_not_ascii_digits_is_refused_with_400(
    vuesim_connection, post_webhook, stamp
):
    body = thin_event("iv_1")

    response = post_webhook(vuesim_connection, body, vuesim_headers(body, stamp=stamp))

    assert response.status_code == 400
    assert "webhook-timestamp" in response.json()["error"]
    assert _events(vuesim_connection) == []


@pytest.mark.parametrize(
    "millis",
    ["²" * 13, str(int(time.time() * 1000)).translate(ARABIC_INDIC)],
)
def test_a_mianshibao_timestamp_that_is_not_ascii_digits_is_refused_with_400(
    msb_connection, post_webhook, millis
):
    body = b'{"eventId": "evt_1", "data": {"recordId": "R1"}}'

    response = post_webhook(msb_connection, body, msb_headers(body, millis=millis))

    assert response.status_code == 400
    assert "X-MSB-Timestamp" in response.json()["error"]
    assert _events(msb_connection) == []


@pytest.mark.parametrize("event_id", ["msg_\x00nul", "msg_\x1bescape", "msg_\x7f"])
def test_a_control_character_in_webhook_id_is_refused_with_400(
    vuesim_connection, post_webhook, event_id
):
    body = thin_event("iv_1")

    response = post_webhook(vuesim_connection, body, vuesim_headers(body, event_id=event_id))

    assert response.status_code == 400
    assert "webhook-id" in response.json()["error"]
    assert _events(vuesim_connection) == []


def test_a_signature_header_outside_ascii_is_refused_not_compared(
    vuesim_connection, msb_connection, post_webhook
):
    """hmac.compare_digest raises TypeError on non-ASCII text: it must never see it."""
    body = thin_event("iv_1")
    vuesim = vuesim_headers(body) | {"HTTP_WEBHOOK_SIGNATURE": "v1,é"}
    msb_body = b'{"eventId": "evt_1", "data": {"recordId": "R1"}}'
    msb = msb_headers(msb_body) | {"HTTP_X_MSB_SIGNATURE": "é" * 64}

    responses = [
        post_webhook(vuesim_connection, body, vuesim),
        post_webhook(msb_connection, msb_body, msb),
        post_webhook(msb_connection, msb_body, {}, query="?sign=%C3%A9"),
    ]

    assert [r.status_code for r in responses] == [400, 400, 400]
    assert not WebhookEvent.objects.exists()


def test_a_content_length_that_is_not_ascii_digits_is_411(vuesim_connection, post_webhook):
    body = thin_event("iv_1")

    response = post_webhook(vuesim_connection, body, vuesim_headers(body) | {"CONTENT_LENGTH": "²"})

    assert response.status_code == 411
    assert _events(vuesim_connection) == []


@pytest.mark.parametrize(
    ("vendor", "body"),
    [
        ("vuesim", {"type": "interview.scored", "data": {"interview_id": "iv_\u0000"}}),
        ("vuesim", {"type": "interview.\u0000", "data": {"interview_id": "iv_1"}}),
        ("mianshibao", {"eventId": "evt_\u0000", "data": {"recordId": "R1"}}),
        ("mianshibao", {"eventId": "evt_2", "data": {"recordId": "R\u0000"}}),
    ],
)
def test_a_signed_body_with_unusable_ids_is_acknowledged_and_held_for_a_person(
    vuesim_connection,
    msb_connection,
    post_webhook,
    django_capture_on_commit_callbacks,
    vendor,
    body,
):
    """Verified but unusable (the vendor signed it): 2xx so it stops retrying, then held."""
    from recruiting.vendors.webhooks import webhook_event_process

    connection = vuesim_connection if vendor == "vuesim" else msb_connection
    raw = json.dumps(body).encode()  # "\u0000" as JSON writes it: six ASCII characters
    headers = vuesim_headers(raw) if vendor == "vuesim" else msb_headers(raw)

    with django_capture_on_commit_callbacks(execute=False):
        response = post_webhook(connection, raw, headers)
    [event] = _events(connection)
    outcome = webhook_event_process(event_id=event.pk)

    assert response.status_code == 200
    assert outcome == "quarantined"
    held = HeldPayload.objects.get(connection=connection)
    assert held.kind == HeldPayload.Kind.UNREADABLE
    assert "control character" in held.reason


def test_a_held_payload_of_deeply_nested_json_shows_as_text(client, vuesim_connection):
    from hrflow.accounts.roles import Role
    from tests.hrflow.factories import UserFactory

    nested = b"[" * 100_000 + b"]" * 100_000
    held = HeldPayload.objects.create(
        connection=vuesim_connection,
        kind=HeldPayload.Kind.UNREADABLE,
        origin=HeldPayload.Origin.WEBHOOK,
        reason="not valid JSON",
        raw=nested,
    )
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(reverse("recruiting:held-detail", args=[held.pk]))
    replay = client.post(
        reverse("recruiting:held-action", args=[held.pk]), {"action": "replay"}, follow=True
    )

    assert page.status_code == 200
    assert b"[[[[[[" in page.content  # the bytes as they came, for a person to read
    assert replay.status_code == 200
    held.refresh_from_db()
    assert held.status == HeldPayload.Status.OPEN  # still held, with the reason said


def test_an_unexpected_fault_while_processing_ends_failed_with_a_dead_letter(
    vuesim_connection, post_webhook, django_capture_on_commit_callbacks, monkeypatch
):
    """Whatever goes wrong after the claim, the event does not stay "processing"."""
    import recruiting.vendors.webhooks as vendor_webhooks

    def broken(**kwargs):
        raise ZeroDivisionError("a fault in our own code")

    monkeypatch.setattr(vendor_webhooks, "ingest_records", broken)
    body = json.dumps(
        {"type": "interview.scored", "data": {"interview_id": "iv_1", "status": "scored"}}
    ).encode()
    with django_capture_on_commit_callbacks(execute=False):
        post_webhook(vuesim_connection, body, vuesim_headers(body, event_id="msg_fault"))
    [event] = _events(vuesim_connection)

    outcome = vendor_webhooks.webhook_event_process(event_id=event.pk)

    event.refresh_from_db()
    assert (outcome, event.status) == ("failed", WebhookEvent.Status.FAILED)
    assert "ZeroDivisionError" in event.error
    letter = DeadLetter.objects.get(connection=vuesim_connection)
    assert (letter.kind, letter.reference) == (DeadLetter.Kind.WEBHOOK, f"webhook:{event.pk}")


@pytest.mark.slow
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("vendor", ["vuesim", "mianshibao"])
def test_a_candidate_reference_with_a_superscript_is_held_unmatched_by_the_worker(
    celery_worker_process, live_server, vendor
):
    """`hrflow-app-²` crashed the worker and left the event "processing" for ever."""
    harness = Harness(vendor)
    try:
        url = live_server.url + reverse("integrations:webhook", args=[harness.connection.uuid])
        harness.control("POST", "config", {"webhook_url": url})
        key = "external_id" if vendor == "vuesim" else "outUserId"

        harness.control("POST", "scenario", {"name": "S1", key: "hrflow-app-²"})

        events = WebhookEvent.objects.filter(connection=harness.connection)
        wait_until(
            lambda: (
                events.exists()
                and not events.exclude(status__in=["done", "quarantined", "failed"]).exists()
            ),
            timeout=30,
        )
        assert set(events.values_list("status", flat=True)) <= {"done", "quarantined"}
        held = HeldPayload.objects.get(connection=harness.connection)
        assert held.kind == HeldPayload.Kind.UNMATCHED
        assert "hrflow-app-²" in held.reason
        assert not harness.assessments()
    finally:
        harness.close()


def test_a_lone_surrogate_in_a_signed_body_is_acknowledged_and_held(
    vuesim_connection, post_webhook, django_capture_on_commit_callbacks
):
    """ "\\ud800" parses as JSON, but no UTF-8 text (nor the encrypted payload column) holds it."""
    from recruiting.vendors.webhooks import webhook_event_process

    raw = b'{"type": "interview.scored", "data": {"interview_id": "iv_1", "note": "\\ud800"}}'
    with django_capture_on_commit_callbacks(execute=False):
        response = post_webhook(vuesim_connection, raw, vuesim_headers(raw))
    [event] = _events(vuesim_connection)

    assert response.status_code == 200
    assert webhook_event_process(event_id=event.pk) == "quarantined"
    assert HeldPayload.objects.get(connection=vuesim_connection).raw == raw


def test_events_a_lost_wake_up_or_a_dead_worker_left_are_queued_again(vuesim_connection):
    from datetime import timedelta

    from django.utils import timezone

    from recruiting.vendors.selectors import webhook_events_stalled

    now = timezone.now()

    def event(name, status, received_ago, claimed_ago=None):
        return WebhookEvent.objects.create(
            connection=vuesim_connection,
            event_id=name,
            status=status,
            received_at=now - timedelta(minutes=received_ago),
            processed_at=now - timedelta(minutes=claimed_ago) if claimed_ago else None,
        )

    lost = event("lost", WebhookEvent.Status.RECEIVED, 3)
    event("fresh", WebhookEvent.Status.RECEIVED, 0)
    dead = event("dead-worker", WebhookEvent.Status.PROCESSING, 20, claimed_ago=11)
    event("working", WebhookEvent.Status.PROCESSING, 20, claimed_ago=1)
    event("done", WebhookEvent.Status.DONE, 30, claimed_ago=29)

    assert sorted(webhook_events_stalled(now=now)) == sorted([lost.pk, dead.pk])
