"""The Aliyun SMS channel against the Aliyun simulator, over real sockets."""

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from django.core.exceptions import ImproperlyConfigured

from hrflow.notifications.channels.aliyun_rpc import signed_params
from hrflow.notifications.channels.base import (
    Outgoing,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from hrflow.notifications.channels.sms_aliyun import (
    VARIABLE_MAX_CHARS,
    out_id_for,
    sms_channel_from_settings,
)
from hrflow.notifications.events import EVENTS
from hrflow.notifications.simulators.aliyun_sms import VARIABLE, default_templates

OFFER_VARIABLES = {
    "candidate_name": "张三",
    "company_name": "示例科技",
    "job_title": "Python 工程师",
    "portal_link": "https://hr.example.com/p/ab12",
}


def offer(key: str = "application:7:offer_sent", recipient: str = "+8613800138000", **changes):
    fields = {
        "key": key,
        "event": "offer_sent",
        "recipient": recipient,
        "subject": "",
        "body": "rendered text, never sent to Aliyun",
        "language": "zh-hans",
        "variables": OFFER_VARIABLES,
        **changes,
    }
    return Outgoing(**fields)


def test_text_goes_out_as_the_events_template_with_its_variables(sms_sim, sms_channel):
    """Aliyun renders the registered template: the phone shows 【sign】 + filled-in text.
    The simulator registers the event's own SMS wording, as a company would."""
    receipt = sms_channel.send(offer())

    [sms] = sms_sim.app.messages()
    assert sms.phone == "13800138000"
    assert sms.template_code == "SMS_HRFLOW_OFFER_SENT"
    assert sms.params == OFFER_VARIABLES
    assert sms.content == (
        "【hrflow】示例科技：我们已向您发送Python 工程师职位的录用通知，请查看邮件或候选人门户。"
    )
    assert sms.out_id == out_id_for("application:7:offer_sent")
    assert receipt.provider_id == sms.biz_id


def test_request_is_signed_and_posted_as_a_form(sms_sim, sms_channel):
    """Personal data travels in the POST body, and the simulator checked the signature."""
    sms_channel.send(offer())

    [request] = sms_sim.app.requests()
    assert request["Action"] == "SendSms"
    assert request["Version"] == "2017-05-25"
    assert request["SignatureMethod"] == "HMAC-SHA1"
    assert request["Format"] == "JSON"
    assert json.loads(request["TemplateParam"]) == OFFER_VARIABLES


def test_wrong_secret_is_refused_as_permanent(sms_sim, sms_settings, sms_channel_now):
    """A bad signature will not get better by retrying: the keys must be fixed."""
    sms_settings.HRFLOW_SMS_ACCESS_KEY_SECRET = "not-the-secret"

    with pytest.raises(PermanentDeliveryError, match="SignatureDoesNotMatch"):
        sms_channel_now().send(offer())
    assert sms_sim.app.messages() == []


def test_unknown_access_key_is_refused_as_permanent(sms_sim, sms_settings, sms_channel_now):
    sms_settings.HRFLOW_SMS_ACCESS_KEY_ID = "LTAI-nobody"

    with pytest.raises(PermanentDeliveryError, match=r"InvalidAccessKeyId\.NotFound"):
        sms_channel_now().send(offer())
    assert sms_sim.app.messages() == []


def test_replayed_request_is_refused(sms_sim):
    """The simulator, like Aliyun, takes each SignatureNonce once."""
    form = signed_params(
        action="SendSms",
        version="2017-05-25",
        access_key_id="hrflow-sim-key",
        access_key_secret="hrflow-sim-secret",
        params={
            "PhoneNumbers": "13800138000",
            "SignName": "hrflow",
            "TemplateCode": "SMS_HRFLOW_OFFER_SENT",
            "TemplateParam": json.dumps(OFFER_VARIABLES),
        },
    )

    first = httpx.post(f"{sms_sim.url}/", data=form)
    second = httpx.post(f"{sms_sim.url}/", data=form)

    assert first.json()["Code"] == "OK"
    assert second.json()["Code"] == "SignatureNonceUsed"
    assert len(sms_sim.app.messages()) == 1


def test_event_without_a_template_code_is_permanent(sms_sim, sms_channel):
    """Aliyun sends registered templates only, so there is nothing to send."""
    with pytest.raises(PermanentDeliveryError, match=r"integration_alert.*HRFLOW_SMS_TEMPLATES"):
        sms_channel.send(offer(event="integration_alert"))
    assert sms_sim.app.requests() == []


def test_long_variables_are_cut_to_aliyuns_limit(sms_sim, sms_channel):
    """Aliyun would refuse the whole text (isv.PARAM_LENGTH_LIMIT) for one long value."""
    long_title = "高级" * 30

    sms_channel.send(offer(variables={**OFFER_VARIABLES, "job_title": long_title}))

    [sms] = sms_sim.app.messages()
    assert len(sms.params["job_title"]) == VARIABLE_MAX_CHARS
    assert sms.params["job_title"].endswith("…")
    assert long_title.startswith(sms.params["job_title"][:-1])


def test_out_id_is_short_stable_and_reveals_nothing():
    key = "application:123456:interview_scheduled:candidate@example.com"

    assert out_id_for(key) == out_id_for(key)
    assert out_id_for(key) != out_id_for(key + "x")
    assert len(out_id_for(key)) == 32
    assert "123456" not in out_id_for(key)


def test_was_sent_finds_the_out_id_and_not_another_message(sms_channel):
    sent = offer(key="application:1:offer_sent")
    never_sent = offer(key="application:2:offer_sent")
    sms_channel.send(sent)
    since = datetime.now(UTC) - timedelta(minutes=5)

    assert sms_channel.was_sent(sent, since) is True
    assert sms_channel.was_sent(never_sent, since) is False


def test_was_sent_asks_each_beijing_day_since(sms_sim, sms_channel):
    """QuerySendDetails answers one day at a time, so an older send needs older days."""
    message = offer()
    sms_channel.send(message)
    [sms] = sms_sim.app.messages()
    sms.sent_at -= timedelta(days=2)  # as if sent the day before yesterday
    now = datetime.now(UTC)

    assert sms_channel.was_sent(message, now - timedelta(hours=1)) is False
    assert sms_channel.was_sent(message, now - timedelta(days=3)) is True
    asked = [r["SendDate"] for r in sms_sim.app.requests() if r["Action"] == "QuerySendDetails"]
    assert len(set(asked)) == 3
    assert all(r.get("PageSize") == "50" for r in sms_sim.app.requests()[1:])


def test_was_sent_pages_through_a_busy_day(sms_sim, sms_channel):
    """Newest first, 50 a page: the first text of 51 is on page 2."""
    first = offer(key="application:0:offer_sent")
    sms_channel.send(first)
    for number in range(1, 51):
        sms_channel.send(offer(key=f"application:{number}:offer_sent"))

    assert sms_channel.was_sent(first, datetime.now(UTC) - timedelta(minutes=5)) is True
    pages = [r["CurrentPage"] for r in sms_sim.app.requests() if r["Action"] == "QuerySendDetails"]
    assert pages == ["1", "2"]


def test_dropped_connection_after_acceptance_is_transient_and_was_sent_says_true(
    sms_sim, sms_channel
):
    """The provider took the text but its answer was lost: send cannot tell, was_sent can."""
    sms_sim.app.faults.add({"kind": "drop", "match": "SendSms"})
    message = offer()

    with pytest.raises(TransientDeliveryError):
        sms_channel.send(message)

    assert len(sms_sim.app.messages()) == 1
    assert sms_channel.was_sent(message, datetime.now(UTC) - timedelta(minutes=1)) is True


def test_slow_answer_times_out_as_transient_and_was_sent_says_true(sms_sim, sms_channel):
    sms_sim.app.faults.add({"kind": "slow", "delay": 3, "match": "SendSms"})
    message = offer()

    with pytest.raises(TransientDeliveryError, match="in time"):
        sms_channel.send(message)

    assert sms_channel.was_sent(message, datetime.now(UTC) - timedelta(minutes=1)) is True


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "server_error"},
        {"kind": "throttling"},
        {"kind": "code", "code": "isv.BUSINESS_LIMIT_CONTROL"},
        {"kind": "code", "code": "isv.DAY_LIMIT_CONTROL"},
    ],
)
def test_busy_provider_is_transient_and_nothing_was_sent(sms_sim, sms_channel, fault):
    sms_sim.app.faults.add({**fault, "match": "SendSms"})

    with pytest.raises(TransientDeliveryError):
        sms_channel.send(offer())
    assert sms_sim.app.messages() == []


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"recipient": "+86 12345"}, "isv.MOBILE_NUMBER_ILLEGAL"),
        ({"event": "rejected"}, "isv.SMS_TEMPLATE_ILLEGAL"),
        ({"variables": {"candidate_name": "张三"}}, "isv.TEMPLATE_MISSING_PARAMETERS"),
    ],
)
def test_refused_text_is_permanent(sms_sim, sms_settings, sms_channel_now, change, code):
    """A bad number, an unregistered template or missing variables never improve."""
    sms_settings.HRFLOW_SMS_TEMPLATES = {"offer_sent": "SMS_HRFLOW_OFFER_SENT", "rejected": "X"}

    with pytest.raises(PermanentDeliveryError, match=code.replace(".", r"\.")):
        sms_channel_now().send(offer(**change))
    assert sms_sim.app.messages() == []


def test_unregistered_sign_name_is_permanent(sms_sim, sms_settings, sms_channel_now):
    sms_settings.HRFLOW_SMS_SIGN_NAME = "某某公司"

    with pytest.raises(PermanentDeliveryError, match=r"isv\.SMS_SIGNATURE_ILLEGAL"):
        sms_channel_now().send(offer())


def test_was_sent_is_none_when_the_query_fails(sms_sim, sms_channel):
    """Unknown is not "no": the loop must not send again on a failed query."""
    message = offer()
    sms_channel.send(message)
    sms_sim.app.faults.add({"kind": "server_error", "match": "QuerySendDetails"})

    assert sms_channel.was_sent(message, datetime.now(UTC) - timedelta(minutes=5)) is None


def test_unreachable_provider_is_transient(sms_settings, sms_channel_now):
    sms_settings.HRFLOW_SMS_ENDPOINT = "http://127.0.0.1:9/"  # discard port: nothing listens

    with pytest.raises(TransientDeliveryError, match="could not be reached"):
        sms_channel_now(timeout_seconds=1.0).send(offer())


def test_factory_names_every_missing_setting(settings):
    settings.HRFLOW_SMS_ACCESS_KEY_ID = "LTAI-something"
    settings.HRFLOW_SMS_ACCESS_KEY_SECRET = ""
    settings.HRFLOW_SMS_SIGN_NAME = ""

    with pytest.raises(ImproperlyConfigured) as raised:
        sms_channel_from_settings()

    assert "HRFLOW_SMS_ACCESS_KEY_SECRET" in str(raised.value)
    assert "HRFLOW_SMS_SIGN_NAME" in str(raised.value)
    assert "HRFLOW_SMS_ACCESS_KEY_ID" not in str(raised.value)


def test_factory_refuses_a_template_map_that_is_not_one(sms_settings):
    sms_settings.HRFLOW_SMS_TEMPLATES = ["SMS_1"]

    with pytest.raises(ImproperlyConfigured, match="HRFLOW_SMS_TEMPLATES"):
        sms_channel_from_settings()


def test_default_template_codes_are_registered_in_the_simulator_with_the_events_variables(
    settings,
):
    """Out of the box, every texted event has a template the simulator knows, and the
    template asks only for variables the event provides."""
    registered = default_templates()
    for event, code in settings.HRFLOW_SMS_TEMPLATES.items():
        assert code in registered, event
        if event in EVENTS:
            wanted = set(VARIABLE.findall(registered[code]))
            assert wanted <= set(EVENTS[event].variables), event
    texted = {code for code, event in EVENTS.items() if event.sms is not None}
    assert texted <= set(settings.HRFLOW_SMS_TEMPLATES)
