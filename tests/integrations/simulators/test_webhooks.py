"""Webhook deliveries, with every signature recomputed here from the spec (not with the
simulators' own signing code), and the retry schedules."""

import base64
import hashlib
import hmac
import json
import re
import time

from tests.integrations.simulators.conftest import Sim
from tests.integrations.simulators.receiver import MSB_ACK, Receiver

SECRET_A = "whsec_" + base64.b64encode(b"first-secret-for-the-tests-0001").decode()
SECRET_B = "whsec_" + base64.b64encode(b"second-secret-for-rotation-0002").decode()
FAST = 1e-5  # 10 h of retries in a third of a second


def vuesim_signatures(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Standard Webhooks verification, written from the spec."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    entries = headers.get("webhook-signature", "").split(" ")
    return any(
        hmac.compare_digest(entry.removeprefix("v1,"), expected)
        for entry in entries
        if entry.startswith("v1,")
    )


def msb_signature_ok(secret: str, headers: dict[str, str], body: bytes) -> bool:
    text = headers["x-msb-timestamp"] + headers["x-msb-nonce"] + secret
    expected = hashlib.sha256(text.encode() + body).hexdigest()
    return hmac.compare_digest(headers.get("x-msb-signature", ""), expected)


def _vue_hooks(vue: Sim, receiver: Receiver, **config: object) -> None:
    vue.post("config", {"webhook_url": receiver.url, "webhook_secrets": [SECRET_A], **config})


def test_vuesim_events_are_signed_standard_webhooks(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver)
    interview_id = vue.post("candidates", {"count": 1})["ids"][0]
    vue.post("complete", {"interview_id": interview_id})
    completed, scored = receiver.wait_for(2)
    for hook in (completed, scored):
        assert vuesim_signatures(SECRET_A, hook.headers, hook.body)
        assert not vuesim_signatures(SECRET_B, hook.headers, hook.body)
        assert re.fullmatch(r"msg_[0-9A-HJKMNP-TV-Z]{26}", hook.headers["webhook-id"])
        assert abs(int(hook.headers["webhook-timestamp"]) - time.time()) < 60
        assert hook.path == "/hooks/conn-1"
    assert completed.headers["webhook-id"] != scored.headers["webhook-id"]
    body = json.loads(scored.body)
    assert body == {
        "type": "interview.scored",
        "timestamp": "2024-05-01T08:00:00.000Z",
        "data": {
            "interview_id": interview_id,
            "version": 3,
            "updated_at": body["data"]["updated_at"],
        },
    }
    assert json.loads(completed.body)["data"]["version"] == 2
    deliveries = vue.get("deliveries?wait_idle=2")["deliveries"]
    assert [d["outcome"] for d in deliveries] == ["delivered", "delivered"]


def test_vuesim_full_payload_and_rotation_signatures(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver, payload_mode="full", webhook_secrets=[SECRET_A, SECRET_B])
    vue.post("scenario", {"name": "S1"})
    (hook,) = receiver.wait_for(1)
    entries = hook.headers["webhook-signature"].split(" ")
    assert len(entries) == 2
    assert all(e.startswith("v1,") for e in entries)
    assert vuesim_signatures(SECRET_A, hook.headers, hook.body)
    assert vuesim_signatures(SECRET_B, hook.headers, hook.body)
    data = json.loads(hook.body)["data"]
    assert (data["status"], data["overall"]["rating"]) == ("scored", 4.2)


def test_vuesim_retries_keep_the_id_and_stop_on_2xx(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver, retry_factor=FAST)
    receiver.script((500, b"oops"), (503, b""), (204, b""))
    interview_id = vue.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    sent = vue.post("webhooks/send", {"interview_id": interview_id, "retry": True})
    assert (sent["status"], sent["body"]) == (500, "oops")
    hooks = receiver.wait_for(3)
    time.sleep(0.2)
    assert len(receiver.requests) == 3
    assert {h.headers["webhook-id"] for h in hooks} == {sent["webhook_id"]}
    assert all(vuesim_signatures(SECRET_A, h.headers, h.body) for h in hooks)
    log = vue.get("deliveries?wait_idle=2")["deliveries"]
    assert [(d["attempt"], d["status"], d["outcome"]) for d in log] == [
        (1, 500, "retry_scheduled"),
        (2, 503, "retry_scheduled"),
        (3, 204, "delivered"),
    ]
    assert [d["next_attempt_in_s_uncompressed"] for d in log[:2]] == [5.0, 300.0]


def test_vuesim_gives_up_after_the_schedule(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver, retry_factor=FAST)
    receiver.reset(default=(500, b""))
    interview_id = vue.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    vue.post("webhooks/send", {"interview_id": interview_id, "retry": True})
    log = vue.get("deliveries?wait_idle=5")["deliveries"]
    assert [d["attempt"] for d in log] == [1, 2, 3, 4, 5, 6, 7]
    assert [d["outcome"] for d in log][-1] == "dropped"
    assert [d["next_attempt_in_s_uncompressed"] for d in log[:-1]] == [
        5,
        300,
        1800,
        7200,
        18000,
        36000,
    ]


def test_vuesim_410_disables_the_endpoint(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver, retry_factor=FAST)
    receiver.reset(default=(410, b""))
    ids = vue.post("candidates", {"count": 2})["ids"]
    vue.post("complete", {"interview_id": ids[0]})
    log = vue.get("deliveries?wait_idle=5")["deliveries"]
    assert [d["outcome"] for d in log] == ["endpoint_disabled", "skipped_endpoint_disabled"]
    assert len(receiver.requests) == 1
    config = vue.get("config")
    assert config["webhook_enabled"] is False
    assert "410" in config["webhooks_disabled_reason"]
    vue.post("complete", {"interview_id": ids[1]})
    time.sleep(0.1)
    assert len(receiver.requests) == 1
    vue.post("config", {"webhook_enabled": True})
    receiver.reset()
    vue.post("rescore", {"interview_id": ids[0], "rating": 2.5})
    assert json.loads(receiver.wait_for(1)[0].body)["type"] == "interview.rescored"


def test_vuesim_send_options(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver)
    interview_id = vue.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    dup = vue.post(
        "webhooks/send",
        {"interview_id": interview_id, "duplicate": True, "webhook_id": "msg_fixed"},
    )
    assert [a["request_headers"]["webhook-id"] for a in dup["attempts"]] == ["msg_fixed"] * 2
    bad = vue.post("webhooks/send", {"interview_id": interview_id, "signature": "invalid"})
    missing = vue.post("webhooks/send", {"interview_id": interview_id, "signature": "missing"})
    stale = vue.post("webhooks/send", {"interview_id": interview_id, "stale_seconds": 600})
    broken = vue.post("webhooks/send", {"interview_id": interview_id, "malformed": True})
    old = vue.post("webhooks/send", {"interview_id": interview_id, "version": 2, "payload": "full"})
    hooks = receiver.wait_for(7)
    assert vuesim_signatures(SECRET_A, hooks[0].headers, hooks[0].body)
    assert not vuesim_signatures(SECRET_A, hooks[2].headers, hooks[2].body)
    assert "webhook-signature" not in hooks[3].headers
    assert missing["status"] == 200
    stale_ts = int(hooks[4].headers["webhook-timestamp"])
    assert 590 <= time.time() - stale_ts <= 660
    assert vuesim_signatures(SECRET_A, hooks[4].headers, hooks[4].body)
    assert vuesim_signatures(SECRET_A, hooks[5].headers, hooks[5].body)
    try:
        json.loads(hooks[5].body)
        parsed = True
    except ValueError:
        parsed = False
    assert not parsed
    replay = json.loads(hooks[6].body)
    assert (replay["type"], replay["data"]["version"], replay["data"]["status"]) == (
        "interview.completed",
        2,
        "completed",
    )
    assert bad["event"] == stale["event"] == broken["event"] == "interview.scored"
    assert old["event"] == "interview.completed"


def test_vuesim_body_styles_are_signed_as_sent(vue: Sim, receiver: Receiver):
    _vue_hooks(vue, receiver, payload_mode="full")
    interview_id = vue.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    msg = {"interview_id": interview_id, "webhook_id": "msg_same"}
    vue.post("webhooks/send", {**msg, "body_style": "html_escaped"})
    vue.post("webhooks/send", {**msg, "body_style": "ascii"})
    vue.post("webhooks/send", {**msg, "body_style": "pretty"})
    vue.post("webhooks/send", msg)
    hooks = receiver.wait_for(4)
    escaped, ascii_only, pretty, compact = (h.body for h in hooks)
    assert b"&" in compact or b"<" in compact  # the transcript excerpts carry one
    assert b"&" not in escaped
    assert b"<" not in escaped
    assert b"\\u0026" in escaped or b"\\u003c" in escaped
    assert ascii_only.isascii()
    assert b"\n  " in pretty
    assert len({escaped, pretty, compact}) == 3
    assert all(json.loads(body) == json.loads(compact) for body in (escaped, ascii_only, pretty))
    for hook in hooks:
        assert vuesim_signatures(SECRET_A, hook.headers, hook.body)


def _msb_hooks(msb: Sim, receiver: Receiver, **config: object) -> None:
    msb.post("config", {"webhook_url": receiver.url, "app_secret": "s3cr3t", **config})


def test_msb_callbacks_are_sha256_signed(msb: Sim, receiver: Receiver):
    _msb_hooks(msb, receiver)
    record_id = msb.post("candidates", {"count": 1})["ids"][0]
    msb.post("complete", {"record_id": record_id})
    finished, generated = receiver.wait_for(2)
    for hook in (finished, generated):
        assert msb_signature_ok("s3cr3t", hook.headers, hook.body)
        assert not msb_signature_ok("msb-demo-secret", hook.headers, hook.body)
        assert re.fullmatch(r"\d{13}", hook.headers["x-msb-timestamp"])
        assert re.fullmatch(r"[A-Za-z0-9]{16}", hook.headers["x-msb-nonce"])
    body = json.loads(generated.body)
    assert list(body) == ["eventId", "eventType", "data"]
    assert body["eventType"] == "report.generated"
    assert body["data"] == {"recordId": record_id, "updateTime": body["data"]["updateTime"]}
    assert json.loads(finished.body)["eventType"] == "interview.finished"
    assert finished.headers["x-msb-nonce"] != generated.headers["x-msb-nonce"]


def test_msb_retries_until_the_exact_ack(msb: Sim, receiver: Receiver):
    _msb_hooks(msb, receiver, retry_factor=FAST)
    receiver.script(
        (200, b"success"),
        (200, b'{"code":0,"msg":"ok"}'),
        (200, b'{"code":"0","msg":"success"}'),
        (500, MSB_ACK),
        (200, b'{"code": 0, "msg": "success"}'),
    )
    record_id = msb.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    sent = msb.post("webhooks/send", {"record_id": record_id, "retry": True})
    assert sent["acknowledged"] is False
    hooks = receiver.wait_for(5)
    log = msb.get("deliveries?wait_idle=3")["deliveries"]
    assert [d["outcome"] for d in log] == ["retry_scheduled"] * 4 + ["delivered"]
    assert [d["next_attempt_in_s_uncompressed"] for d in log[:4]] == [15, 30, 180, 600]
    assert {json.loads(h.body)["eventId"] for h in hooks} == {sent["event_id"]}
    assert len({h.headers["x-msb-nonce"] for h in hooks}) == 5
    assert all(msb_signature_ok("s3cr3t", h.headers, h.body) for h in hooks)


def test_msb_drops_after_five_retries(msb: Sim, receiver: Receiver):
    _msb_hooks(msb, receiver, retry_factor=FAST)
    receiver.reset(default=(410, b""))  # a 410 is just another failure to 面试宝
    record_id = msb.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    msb.post("webhooks/send", {"record_id": record_id, "retry": True})
    log = msb.get("deliveries?wait_idle=5")["deliveries"]
    assert [d["attempt"] for d in log] == [1, 2, 3, 4, 5, 6]
    assert log[-1]["outcome"] == "dropped"
    assert msb.get("config")["webhook_enabled"] is True


def test_msb_legacy_sign_v1_and_url_verification(msb: Sim, receiver: Receiver):
    _msb_hooks(msb, receiver)
    record_id = msb.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    legacy = msb.post("webhooks/send", {"record_id": record_id, "legacy": True})
    assert legacy["acknowledged"] is True
    v1 = msb.post("webhooks/send", {"record_id": record_id, "v1": True})
    assert v1["event_id"] is None
    first, second = receiver.wait_for(2)
    assert "x-msb-signature" not in first.headers
    expected = hmac.new(b"s3cr3t", first.body, hashlib.sha256).hexdigest()
    assert first.query["sign"] == [expected]
    assert "eventId" not in json.loads(second.body)
    assert msb_signature_ok("s3cr3t", second.headers, second.body)

    receiver.reset()
    receiver.script((200, b'{"challenge":"abc123"}'))
    verified = msb.post("webhooks/send", {"event": "url_verification", "challenge": "abc123"})
    assert verified["challenge_echoed"] is True
    (challenge,) = receiver.wait_for(1)
    assert json.loads(challenge.body) == {"type": "url_verification", "challenge": "abc123"}
    assert msb_signature_ok("s3cr3t", challenge.headers, challenge.body)
    not_echoed = msb.post("webhooks/send", {"event": "url_verification"})
    assert not_echoed["challenge_echoed"] is False


def test_msb_bad_signature_and_malformed_body(msb: Sim, receiver: Receiver):
    _msb_hooks(msb, receiver)
    record_id = msb.post("scenario", {"name": "S1", "emit": False})["ids"][0]
    msb.post("webhooks/send", {"record_id": record_id, "signature": "invalid"})
    msb.post("webhooks/send", {"record_id": record_id, "malformed": True, "stale_seconds": 900})
    forged, broken = receiver.wait_for(2)
    assert not msb_signature_ok("s3cr3t", forged.headers, forged.body)
    assert msb_signature_ok("s3cr3t", broken.headers, broken.body)
    assert broken.body.startswith(b"\xef\xbb\xbf")
    assert broken.body.endswith(b",}")
    age_ms = time.time() * 1000 - int(broken.headers["x-msb-timestamp"])
    assert 890_000 <= age_ms <= 960_000
