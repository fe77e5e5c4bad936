"""The webhook endpoint: only authentic, fresh, first deliveries are recorded
(docs/vendors/scenarios.md cases 1-11 and 32).

Processing is queued after commit; here the callbacks are captured, not run,
so these tests are about what the endpoint accepts, answers and stores.
"""

import json
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.models import HeldPayload, WebhookEvent
from tests.fixtures.vendor_connections import (
    MSB_APP_SECRET,
    VUESIM_SECRET,
    msb_headers,
    thin_event,
    vuesim_headers,
)

pytestmark = pytest.mark.django_db


def _events(connection):
    return list(WebhookEvent.objects.filter(connection=connection))


def test_an_authentic_vuesim_event_is_recorded_once_and_processing_queued(
    vuesim_connection, post_webhook, django_capture_on_commit_callbacks
):
    body = thin_event("iv_42")
    headers = vuesim_headers(body, event_id="msg_1")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = post_webhook(vuesim_connection, body, headers)
    # The vendor's retry: same webhook-id, a new timestamp and signature.
    with django_capture_on_commit_callbacks(execute=False) as again:
        second = post_webhook(vuesim_connection, body, vuesim_headers(body, event_id="msg_1"))

    assert (first.status_code, second.status_code) == (200, 200)
    [event] = _events(vuesim_connection)
    assert (event.event_id, event.subject_external_id, event.is_thin) == ("msg_1", "iv_42", True)
    assert (event.status, event.duplicates) == (WebhookEvent.Status.RECEIVED, 1)
    assert (len(callbacks), len(again)) == (1, 0)


@pytest.mark.parametrize(
    "tamper",
    [
        "body",
        "wrong_secret",
        "missing_signature",
        "reserialised",
        "signature_of_other_id",
    ],
)
def test_forged_webhooks_are_refused_before_anything_is_stored(
    vuesim_connection, post_webhook, tamper
):
    body = json.dumps(
        {"type": "interview.scored", "data": {"interview_id": "iv_1", "note": "<b>李娜</b>"}}
    ).encode()  # ASCII escapes: \u003c and \u674e, as Greenhouse-style senders write them
    headers = vuesim_headers(body, event_id="msg_x")
    if tamper == "body":
        body = body.replace(b"iv_1", b"iv_2")
    elif tamper == "wrong_secret":
        headers = vuesim_headers(body, event_id="msg_x", secret="whsec_" + "QQ" * 22)
    elif tamper == "missing_signature":
        del headers["HTTP_WEBHOOK_SIGNATURE"]
    elif tamper == "reserialised":
        body = json.dumps(json.loads(body), ensure_ascii=False).encode()
    else:
        headers["HTTP_WEBHOOK_ID"] = "msg_y"

    response = post_webhook(vuesim_connection, body, headers)

    assert response.status_code == 401
    assert "signature" in response.json()["error"]  # a clear reason, as JSON
    assert _events(vuesim_connection) == []
    assert not HeldPayload.objects.exists()


def test_a_rotated_secret_and_a_list_of_signatures_both_verify(vuesim_connection, post_webhook):
    from recruiting.vendors.connections import connection_rotate_webhook_secret

    new = connection_rotate_webhook_secret(connection=vuesim_connection, actor=None)
    body = thin_event("iv_7")
    old_signed = vuesim_headers(body, event_id="msg_old")
    new_signed = vuesim_headers(body, event_id="msg_both", secret=new)
    stale_signature = vuesim_headers(body, event_id="msg_both", secret="whsec_" + "QQ" * 22)
    new_signed["HTTP_WEBHOOK_SIGNATURE"] = (
        f"{stale_signature['HTTP_WEBHOOK_SIGNATURE']} {new_signed['HTTP_WEBHOOK_SIGNATURE']}"
    )

    assert post_webhook(vuesim_connection, body, old_signed).status_code == 200
    assert post_webhook(vuesim_connection, body, new_signed).status_code == 200
    assert {e.event_id for e in _events(vuesim_connection)} == {"msg_old", "msg_both"}


def test_replays_outside_the_window_are_refused_and_inside_it_deduplicated(
    vuesim_connection, post_webhook
):
    body = thin_event("iv_9")
    now = int(time.time())

    late = post_webhook(vuesim_connection, body, vuesim_headers(body, stamp=now - 6 * 60))
    early = post_webhook(vuesim_connection, body, vuesim_headers(body, stamp=now + 6 * 60))
    millis = post_webhook(vuesim_connection, body, vuesim_headers(body, stamp=now * 1000))
    fresh = post_webhook(vuesim_connection, body, vuesim_headers(body, event_id="msg_r"))
    replay = post_webhook(
        vuesim_connection, body, vuesim_headers(body, event_id="msg_r", stamp=now - 60)
    )

    assert [r.status_code for r in (late, early, millis)] == [400, 400, 400]
    assert (fresh.status_code, replay.status_code) == (200, 200)
    assert [e.event_id for e in _events(vuesim_connection)] == ["msg_r"]


def test_a_signature_for_one_connection_does_not_open_another(
    vuesim_connection, msb_connection, post_webhook, db
):
    from recruiting.vendors.connections import connection_create

    other = connection_create(
        name="VueSim other",
        vendor="vuesim",
        base_url="http://127.0.0.1:9",
        credentials={"client_id": "b", "client_secret": "b"},
        actor=None,
    )
    body = thin_event("iv_1")

    response = post_webhook(other, body, vuesim_headers(body))

    assert response.status_code == 401
    assert _events(other) == []
    assert _events(vuesim_connection) == []


def test_unknown_or_deleted_connections_answer_410_so_senders_stop(
    vuesim_connection, post_webhook, client
):
    body = thin_event()
    unknown = client.post(
        reverse("integrations:webhook", args=["3f2a9c1e-0000-4000-8000-000000000000"]),
        data=body,
        content_type="application/json",
        **vuesim_headers(body),
    )
    vuesim_connection.deleted_at = timezone.now()
    vuesim_connection.save()

    deleted = post_webhook(vuesim_connection, body, vuesim_headers(body))

    assert (unknown.status_code, deleted.status_code) == (410, 410)
    assert not WebhookEvent.objects.exists()


def test_oversized_and_compressed_bodies_are_refused(vuesim_connection, post_webhook):
    big = b'{"data": "' + b"x" * (1024 * 1024) + b'"}'
    gzipped = thin_event()
    headers = vuesim_headers(gzipped) | {"HTTP_CONTENT_ENCODING": "gzip"}

    assert post_webhook(vuesim_connection, big, vuesim_headers(big)).status_code == 413
    assert post_webhook(vuesim_connection, gzipped, headers).status_code == 415
    assert not WebhookEvent.objects.exists()


def test_only_post_reaches_the_endpoint(vuesim_connection, client):
    url = reverse("integrations:webhook", args=[vuesim_connection.uuid])

    assert client.get(url).status_code == 405


@pytest.mark.parametrize(
    "body",
    [
        b'{"type": "interview.scored", "data": {"interview_id": "iv_1"',  # truncated
        b'\xef\xbb\xbf{"type": "x", "data": {"interview_id": "iv_1"}}',  # BOM
        b'{"type": "x", "type": "y", "data": {"interview_id": "iv_1"}}',  # duplicate keys
        b'{"type": "x", "data": {"interview_id": "\xb9\xfe"}}',  # not UTF-8
    ],
)
def test_a_signed_but_unreadable_body_is_acknowledged_and_kept_for_a_person(
    vuesim_connection, post_webhook, django_capture_on_commit_callbacks, body
):
    from recruiting.vendors.webhooks import webhook_event_process

    with django_capture_on_commit_callbacks(execute=False):
        response = post_webhook(vuesim_connection, body, vuesim_headers(body, event_id="msg_bad"))
    [event] = _events(vuesim_connection)

    outcome = webhook_event_process(event_id=event.pk)

    assert response.status_code == 200  # no retry storm from the vendor
    assert outcome == "quarantined"
    held = HeldPayload.objects.get(connection=vuesim_connection)
    assert (held.kind, held.origin) == (HeldPayload.Kind.UNREADABLE, HeldPayload.Origin.WEBHOOK)
    assert held.reason


def test_mianshibao_callbacks_ack_exactly_and_refuse_a_reused_nonce(msb_connection, post_webhook):
    body = json.dumps(
        {
            "eventId": "evt_1",
            "eventType": "report.generated",
            "data": {"recordId": "R1", "updateTime": "2024-05-01 15:02:03"},
        },
        ensure_ascii=False,
    ).encode()
    headers = msb_headers(body, nonce="n" * 16)

    first = post_webhook(msb_connection, body, headers)
    replayed = post_webhook(msb_connection, body, headers)

    assert first.status_code == 200
    # Byte for byte: 面试宝 compares the body, and any other spelling counts as a failure.
    assert first.content == b'{"code":0,"msg":"success"}'
    assert replayed.status_code == 400
    assert [e.event_id for e in _events(msb_connection)] == ["evt_1"]


def test_mianshibao_timestamps_are_milliseconds_and_windowed(msb_connection, post_webhook):
    body = b'{"eventId": "evt_2", "data": {"recordId": "R2"}}'
    seconds = msb_headers(body, millis=int(time.time()))  # wrong unit: 10 digits
    old = msb_headers(body, millis=int((time.time() - 600) * 1000))

    assert post_webhook(msb_connection, body, seconds).status_code == 401
    assert post_webhook(msb_connection, body, old).status_code == 400
    assert _events(msb_connection) == []


def test_mianshibao_v1_deliveries_without_event_id_are_deduplicated(msb_connection, post_webhook):
    body = b'{"eventType": "report.updated", "data": {"recordId": "R3", "updateTime": "t1"}}'

    first = post_webhook(msb_connection, body, msb_headers(body))
    again = post_webhook(msb_connection, body, msb_headers(body))  # new nonce, same content

    assert (first.status_code, again.status_code) == (200, 200)
    [event] = _events(msb_connection)
    assert event.event_id.startswith("R3:t1:")
    assert event.duplicates == 1


def test_mianshibao_legacy_query_signature(msb_connection, post_webhook):
    import hashlib
    import hmac

    body = b'{"eventId": "evt_legacy", "data": {"recordId": "R4"}}'
    sign = hmac.new(MSB_APP_SECRET.encode(), body, hashlib.sha256).hexdigest()

    good = post_webhook(msb_connection, body, {}, query=f"?sign={sign}")
    bad = post_webhook(msb_connection, body, {}, query=f"?sign={'0' * 64}")

    assert (good.status_code, bad.status_code) == (200, 401)
    assert [e.event_id for e in _events(msb_connection)] == ["evt_legacy"]


def test_url_verification_is_echoed_only_when_signed(msb_connection, post_webhook):
    body = b'{"type": "url_verification", "challenge": "c-123"}'

    signed = post_webhook(msb_connection, body, msb_headers(body))
    unsigned = post_webhook(msb_connection, body, {})

    assert json.loads(signed.content) == {"challenge": "c-123"}
    assert unsigned.status_code == 401
    assert _events(msb_connection) == []


def test_secrets_are_not_readable_in_the_database(vuesim_connection):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT credentials, webhook_secrets FROM integrations_vendorconnection WHERE id = %s",
            [vuesim_connection.pk],
        )
        credentials, webhook_secrets = cursor.fetchone()

    assert "s3cret" not in credentials
    assert VUESIM_SECRET not in webhook_secrets
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.credentials["client_secret"] == "s3cret"
