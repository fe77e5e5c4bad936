"""HR alerts posted to a team chat through a group robot's webhook: WeCom, DingTalk, Feishu.

Each vendor has its own body shape, signing and error codes, but all three
answer HTTP 200 with a code in the JSON, and cap a robot at about 20 messages
a minute (a rate-limit code, retried later). A robot cannot be asked what it
has posted, so `was_sent` answers None and the delivery loop marks an
interrupted send uncertain rather than post the alert twice.

- WeCom (企业微信) group robot: {"msgtype": "markdown", "markdown": {"content"}};
  success errcode 0, rate limit 45009.
- DingTalk (钉钉) custom robot: {"msgtype": "markdown", "markdown": {"title",
  "text"}}; with 加签 the URL also carries timestamp (ms) and sign =
  Base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")); success
  errcode 0, 310000 for a bad signature or keyword, rate limit 130101.
- Feishu (飞书) custom bot: {"msg_type": "text", "content": {"text"}}; with
  签名校验 the body also carries timestamp (s) and sign =
  Base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")); success code 0,
  19021 for a bad signature, rate limit 11232.
"""

import base64
import hashlib
import hmac
import time
from datetime import datetime
from typing import Any

import httpx
from django.utils.translation import gettext as _

from hrflow.notifications.channels.base import (
    DeliveryError,
    Outgoing,
    PermanentDeliveryError,
    Receipt,
    TransientDeliveryError,
)
from hrflow.notifications.models import ChatRobot

RATE_LIMIT_CODES: dict[str, int] = {
    ChatRobot.Kind.WECOM: 45009,
    ChatRobot.Kind.DINGTALK: 130101,
    ChatRobot.Kind.FEISHU: 11232,
}
# WeCom's -1 is "system busy, try again"; the others are the rate limits.
TRANSIENT_CODES = {*RATE_LIMIT_CODES.values(), -1}
# Longest message each vendor takes, in UTF-8 bytes (WeCom markdown: 4096;
# DingTalk and Feishu cap the whole request near 20 KB).
MAX_TEXT_BYTES: dict[str, int] = {
    ChatRobot.Kind.WECOM: 4096,
    ChatRobot.Kind.DINGTALK: 18000,
    ChatRobot.Kind.FEISHU: 18000,
}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(secret: str, timestamp_s: int) -> str:
    # Feishu keys the HMAC with "timestamp\nsecret" and signs an empty message.
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def robot_request(
    *, kind: str, webhook_url: str, secret: str, subject: str, body: str, now: float
) -> tuple[httpx.URL, dict[str, Any]]:
    """The URL to POST to and the JSON body, signed where the robot has a secret."""
    url = httpx.URL(webhook_url)
    text = body.strip()
    limit = MAX_TEXT_BYTES.get(kind, 4096)
    if kind == ChatRobot.Kind.WECOM:
        content = _truncated(f"**{subject}**\n{text}" if subject else text, limit)
        return url, {"msgtype": "markdown", "markdown": {"content": content}}
    if kind == ChatRobot.Kind.DINGTALK:
        title = subject or text.split("\n", 1)[0][:60] or "hrflow"
        # DingTalk's markdown breaks a line only at a blank line.
        paragraphs = text.replace("\n", "\n\n")
        markdown = _truncated(f"#### {title}\n\n{paragraphs}", limit)
        payload: dict[str, Any] = {
            "msgtype": "markdown",
            "markdown": {"title": title, "text": markdown},
        }
        if secret:
            timestamp_ms = int(now * 1000)
            # httpx percent-encodes the Base64 sign once, as DingTalk expects.
            url = url.copy_merge_params(
                {"timestamp": str(timestamp_ms), "sign": dingtalk_sign(secret, timestamp_ms)}
            )
        return url, payload
    if kind == ChatRobot.Kind.FEISHU:
        content = _truncated(f"{subject}\n{text}" if subject else text, limit)
        payload = {"msg_type": "text", "content": {"text": content}}
        if secret:
            timestamp_s = int(now)
            payload["timestamp"] = str(timestamp_s)
            payload["sign"] = feishu_sign(secret, timestamp_s)
        return url, payload
    raise PermanentDeliveryError(_("Unknown chat robot kind %(kind)s.") % {"kind": kind})


class ChatRobotChannel:
    """Posts outbox messages addressed to one ChatRobot (recipient = the robot's pk)."""

    def __init__(
        self, robot: ChatRobot, *, timeout_seconds: float = 10.0, require_active: bool = True
    ) -> None:
        self._robot = robot
        self._timeout = timeout_seconds
        # Off for the admin's test message, which checks a robot before it is switched on.
        self._require_active = require_active
        self._http: httpx.Client | None = None

    def close(self) -> None:
        """Close the kept HTTP connection (the channel reopens it if used again)."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def send(self, message: Outgoing) -> Receipt:
        robot = self._robot
        if message.recipient != str(robot.pk):
            raise PermanentDeliveryError(
                _("This message is for chat robot %(recipient)s, not %(robot)s.")
                % {"recipient": message.recipient, "robot": robot.pk}
            )
        if self._require_active and not robot.is_active:
            raise PermanentDeliveryError(
                _("The chat robot “%(name)s” is switched off.") % {"name": robot.name}
            )
        credentials = robot.credentials or {}
        if not credentials.get("webhook_url"):
            raise PermanentDeliveryError(
                _("The chat robot “%(name)s” has no webhook URL.") % {"name": robot.name}
            )
        url, payload = robot_request(
            kind=robot.kind,
            webhook_url=credentials["webhook_url"],
            secret=credentials.get("secret", ""),
            subject=message.subject,
            body=message.body,
            now=time.time(),
        )
        try:
            if self._http is None:
                self._http = httpx.Client(timeout=self._timeout)
            response = self._http.post(url, json=payload)
        except httpx.TimeoutException as error:
            raise TransientDeliveryError(_("The chat robot did not answer in time.")) from error
        except httpx.TransportError as error:
            raise TransientDeliveryError(
                _("The connection to the chat robot failed: %(error)s") % {"error": error}
            ) from error
        code, text = _vendor_code(response)
        if code == 0 and response.is_success:
            return Receipt(detail=f"{robot.kind}: {text or 'ok'}")
        raise _refusal(robot, response.status_code, code, text)

    def was_sent(self, message: Outgoing, since: datetime) -> None:
        """Robots keep no queryable history: the loop cannot learn the outcome."""
        return None


def _vendor_code(response: httpx.Response) -> tuple[int | None, str]:
    try:
        answer = response.json()
    except ValueError:
        return None, response.text[:200]
    if not isinstance(answer, dict):
        return None, str(answer)[:200]
    # WeCom and DingTalk say errcode/errmsg; Feishu code/msg, and older Feishu
    # hooks StatusCode/StatusMessage.
    for code_key, text_key in (
        ("errcode", "errmsg"),
        ("code", "msg"),
        ("StatusCode", "StatusMessage"),
    ):
        if code_key in answer:
            try:
                return int(answer[code_key]), str(answer.get(text_key, ""))
            except (TypeError, ValueError):
                break
    return None, str(answer)[:200]


def _refusal(robot: ChatRobot, status: int, code: int | None, text: str) -> DeliveryError:
    detail = {"name": robot.name, "code": code if code is not None else status, "text": text}
    if code == RATE_LIMIT_CODES.get(robot.kind):
        return TransientDeliveryError(
            _("The chat robot “%(name)s” is sending too fast; will try again (%(code)s).") % detail
        )
    # No code in a 2xx answer: a proxy's page, the robot's state unknown.
    unreadable_success = code is None and status < 300
    if code in TRANSIENT_CODES or status >= 500 or status == 429 or unreadable_success:
        return TransientDeliveryError(
            _("The chat robot “%(name)s” is busy; will try again (%(code)s): %(text)s") % detail
        )
    return PermanentDeliveryError(
        _("The chat robot “%(name)s” refused the message (%(code)s): %(text)s") % detail
    )


def _truncated(text: str, max_bytes: int) -> str:
    encoded = text.encode()
    if len(encoded) <= max_bytes:
        return text
    return encoded[: max_bytes - 3].decode("utf-8", errors="ignore") + "…"
