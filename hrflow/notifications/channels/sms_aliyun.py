"""SMS through Alibaba Cloud SMS (dysmsapi, API version 2017-05-25).

Aliyun sends only templates it approved in advance, so a message goes out as
its event's TemplateCode (HRFLOW_SMS_TEMPLATES) plus the message's variables;
the rendered body is never sent. Every SendSms carries an OutId derived from
the outbox key, so after a send whose answer was lost (a timeout, a dropped
connection) `was_sent` can look for that OutId in QuerySendDetails instead of
guessing: Aliyun's SendSms is not idempotent, and a blind retry could text a
candidate twice.
"""

import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from hrflow.notifications.channels.aliyun_rpc import signed_params
from hrflow.notifications.channels.base import (
    DeliveryError,
    Outgoing,
    PermanentDeliveryError,
    Receipt,
    TransientDeliveryError,
)

logger = logging.getLogger(__name__)

SMS_API_VERSION = "2017-05-25"
# Aliyun refuses a notification-template variable longer than this
# (isv.PARAM_LENGTH_LIMIT), so longer values are cut before sending.
VARIABLE_MAX_CHARS = 35
# OutId is the first 32 hex digits of sha1(outbox key): stable, so a retry and
# the reconciliation agree on it; short and fixed-length, whatever the key's
# length; and it shows Aliyun's console and receipts nothing about the person.
OUT_ID_LENGTH = 32
# QuerySendDetails answers for one phone number and one day at a time, keeps
# 30 days of records and pages at most 50 records.
QUERY_DAYS_KEPT = 30
QUERY_PAGE_SIZE = 50
QUERY_MAX_PAGES = 20
# SendDate is the day in Beijing time, whatever our own time zone.
ALIYUN_TIME_ZONE = ZoneInfo("Asia/Shanghai")

# Codes where trying again later can work; any other refusal is permanent.
TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ServiceUnavailable",
        "InternalError",
        "isp.SYSTEM_ERROR",
        # Per-number flow control (so many texts per number per minute/hour/day)
        # and the account's own daily/monthly caps: they lift by themselves.
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.MONTH_LIMIT_CONTROL",
        # A nonce clash is ours to fix by signing again with a new one.
        "SignatureNonceUsed",
    }
)


@dataclass(frozen=True)
class AliyunSmsConfig:
    endpoint: str
    access_key_id: str
    access_key_secret: str = field(repr=False)
    sign_name: str
    templates: Mapping[str, str]  # event -> TemplateCode
    timeout_seconds: float = 10.0


_REQUIRED_SETTINGS = (
    "HRFLOW_SMS_ENDPOINT",
    "HRFLOW_SMS_ACCESS_KEY_ID",
    "HRFLOW_SMS_ACCESS_KEY_SECRET",
    "HRFLOW_SMS_SIGN_NAME",
)


def sms_is_configured() -> bool:
    """SMS is on once an access key is set (docs/DESIGN.md: off until its key is set)."""
    return bool(getattr(settings, "HRFLOW_SMS_ACCESS_KEY_ID", ""))


def sms_channel_from_settings(*, timeout_seconds: float = 10.0) -> "AliyunSmsChannel":
    """The SMS channel as the settings configure it; ImproperlyConfigured names what is missing.

    `timeout_seconds` bounds each HTTP call (Aliyun advises at least 1 s).
    """
    missing = [name for name in _REQUIRED_SETTINGS if not getattr(settings, name, "")]
    if missing:
        raise ImproperlyConfigured(
            f"SMS (Aliyun) is not configured: set {', '.join(missing)} "
            "(see the environment variable table in README.md)"
        )
    templates = getattr(settings, "HRFLOW_SMS_TEMPLATES", {})
    if not isinstance(templates, Mapping) or not all(
        isinstance(event, str) and isinstance(code, str) for event, code in templates.items()
    ):
        raise ImproperlyConfigured(
            "HRFLOW_SMS_TEMPLATES must be a JSON object of event -> TemplateCode, e.g. "
            '{"offer_sent": "SMS_123456789"}'
        )
    return AliyunSmsChannel(
        AliyunSmsConfig(
            endpoint=settings.HRFLOW_SMS_ENDPOINT,
            access_key_id=settings.HRFLOW_SMS_ACCESS_KEY_ID,
            access_key_secret=settings.HRFLOW_SMS_ACCESS_KEY_SECRET,
            sign_name=settings.HRFLOW_SMS_SIGN_NAME,
            templates=dict(templates),
            timeout_seconds=timeout_seconds,
        )
    )


def out_id_for(key: str) -> str:
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:OUT_ID_LENGTH]


def aliyun_phone_number(recipient: str) -> str:
    """+86 13800138000 -> 13800138000: Aliyun's mainland form (QuerySendDetails
    takes only that); other countries keep their code, without the "+"."""
    number = "".join(char for char in recipient if char not in " -")
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            return number[len(prefix) :]
    return number.removeprefix("+")


def sms_template_values(variables: Mapping[str, Any]) -> dict[str, str]:
    """The variables as Aliyun receives them: every value a string, none longer than it
    allows. The outbox fills its copy of the text with these very values, so the text
    HR reads on the profile is the one the phone shows."""
    values = {}
    for name, value in variables.items():
        text = "" if value is None else str(value)
        if len(text) > VARIABLE_MAX_CHARS:
            # A cut link no longer works: register templates that keep links in
            # the fixed text and pass only a short token as the variable.
            logger.warning("SMS variable %s cut to %d characters", name, VARIABLE_MAX_CHARS)
            text = text[: VARIABLE_MAX_CHARS - 1] + "…"
        values[name] = text
    return values


def template_param(variables: Mapping[str, Any]) -> str:
    """The TemplateParam JSON."""
    return json.dumps(sms_template_values(variables), ensure_ascii=False)


def sms_template_language() -> str:
    """The language the Aliyun templates are registered in: one template per event
    (HRFLOW_SMS_TEMPLATES), so every text goes out in it, whatever the candidate's."""
    return str(settings.HRFLOW_SMS_LANGUAGE)


def sms_as_delivered(text: str) -> str:
    """The template's text as the phone shows it: Aliyun puts the sign name first."""
    sign = settings.HRFLOW_SMS_SIGN_NAME
    return f"【{sign}】{text}" if sign else text


class AliyunSmsChannel:
    """Send one text per outbox message with Aliyun's SendSms; reconcile by OutId."""

    def __init__(self, config: AliyunSmsConfig) -> None:
        self._config = config
        self._http: httpx.Client | None = None

    def close(self) -> None:
        """Close the kept HTTP connections (the channel reopens them if used again)."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def send(self, message: Outgoing) -> Receipt:
        template_code = self._config.templates.get(message.event)
        if not template_code:
            raise PermanentDeliveryError(
                _(
                    "No Aliyun SMS template is configured for the event %(event)s: "
                    "add its TemplateCode to HRFLOW_SMS_TEMPLATES."
                )
                % {"event": message.event}
            )
        params = {
            "PhoneNumbers": aliyun_phone_number(message.recipient),
            "SignName": self._config.sign_name,
            "TemplateCode": template_code,
            "TemplateParam": template_param(message.variables),
            "OutId": out_id_for(message.key),
        }
        answer = self._call("SendSms", params)
        return Receipt(
            provider_id=str(answer.get("BizId", "")),
            detail=f"RequestId {answer.get('RequestId', '')}",
        )

    def was_sent(self, message: Outgoing, since: datetime) -> bool | None:
        """True when Aliyun lists our OutId for this number on any day since `since`.

        A record in any SendStatus counts: Aliyun took the message, and a
        carrier's later failure is not a reason to text the person again.
        None when the query itself fails: the loop then cannot tell.
        """
        out_id = out_id_for(message.key)
        phone = aliyun_phone_number(message.recipient)
        try:
            return any(
                self._day_lists(phone, day, out_id) for day in _send_dates(since, timezone.now())
            )
        except DeliveryError as error:
            logger.warning("Aliyun QuerySendDetails failed: %s", error)
            return None

    def _day_lists(self, phone: str, day: date, out_id: str) -> bool:
        for page in range(1, QUERY_MAX_PAGES + 1):
            answer = self._call(
                "QuerySendDetails",
                {
                    "PhoneNumber": phone,
                    "SendDate": day.strftime("%Y%m%d"),
                    "PageSize": str(QUERY_PAGE_SIZE),
                    "CurrentPage": str(page),
                },
            )
            records = (answer.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
            if any(record.get("OutId") == out_id for record in records):
                return True
            total = int(answer.get("TotalCount") or 0)
            if len(records) < QUERY_PAGE_SIZE or page * QUERY_PAGE_SIZE >= total:
                return False
        return False

    def _client(self) -> httpx.Client:
        # Kept for the channel's life: a delivery loop's texts share connections.
        if self._http is None:
            seconds = self._config.timeout_seconds
            self._http = httpx.Client(timeout=httpx.Timeout(seconds, connect=min(seconds, 5.0)))
        return self._http

    def _call(self, action: str, params: Mapping[str, str]) -> dict[str, Any]:
        # POST with a form body, not GET: the variables are personal data and
        # must not end up in URLs and access logs along the way.
        form = signed_params(
            action=action,
            version=SMS_API_VERSION,
            access_key_id=self._config.access_key_id,
            access_key_secret=self._config.access_key_secret,
            params=params,
            method="POST",
        )
        try:
            response = self._client().post(self._config.endpoint, data=form)
        except httpx.TimeoutException as error:
            raise TransientDeliveryError(
                _("Aliyun SMS did not answer in time (%(action)s).") % {"action": action}
            ) from error
        except httpx.ConnectError as error:
            raise TransientDeliveryError(
                _("Aliyun SMS could not be reached (%(action)s): %(error)s")
                % {"action": action, "error": error}
            ) from error
        except httpx.TransportError as error:
            # The request may have arrived: only was_sent can tell.
            raise TransientDeliveryError(
                _("The connection to Aliyun SMS broke before its answer (%(action)s): %(error)s")
                % {"action": action, "error": error}
            ) from error
        return _answer_or_raise(response)


def _answer_or_raise(response: httpx.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        # A proxy's error page or a cut-off body: the provider's state is unknown.
        raise TransientDeliveryError(
            _("Aliyun SMS gave an unreadable answer (HTTP %(status)s).")
            % {"status": response.status_code}
        )
    code = str(answer.get("Code", ""))
    if code == "OK" and response.is_success:
        return answer
    detail = {"code": code or response.status_code, "message": answer.get("Message", "")}
    if code in TRANSIENT_CODES or code.startswith("Throttling") or response.status_code >= 500:
        raise TransientDeliveryError(
            _("Aliyun SMS is busy, will try again (%(code)s): %(message)s") % detail
        )
    raise PermanentDeliveryError(
        _("Aliyun SMS refused the message (%(code)s): %(message)s") % detail
    )


def _send_dates(since: datetime, now: datetime) -> Iterator[date]:
    """The Beijing days from `since` to today, newest first, within what Aliyun keeps."""
    today = now.astimezone(ALIYUN_TIME_ZONE).date()
    first = max(since.astimezone(ALIYUN_TIME_ZONE).date(), today - timedelta(QUERY_DAYS_KEPT - 1))
    day = today
    while day >= first:
        yield day
        day -= timedelta(days=1)
    if first > today:  # `since` ahead of our clock: today is still worth asking
        yield today
