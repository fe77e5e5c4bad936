"""Local WeCom, DingTalk and Feishu group robots: one server, one path per vendor.

    POST /wecom/cgi-bin/webhook/send?key=<key>             (企业微信 group robot)
    POST /dingtalk/robot/send?access_token=<token>         (钉钉 custom robot)
         [&timestamp=<ms>&sign=<base64>]                    with 加签
    POST /feishu/open-apis/bot/v2/hook/<token>             (飞书 custom bot)
         body {"timestamp": "<s>", "sign": "<base64>", ...} with 签名校验

Each robot is registered first (a token, and a secret for DingTalk and
Feishu); a robot with a secret refuses unsigned or wrongly signed posts with
its vendor's code. The signatures are checked here from the vendors' docs,
not with the client's code, so a mistake in one does not hide in the other.
Each robot takes `per_minute` posts a minute, then answers its vendor's
rate-limit code, as the real ones do (20 a minute).

Control API, under /__sim__/:
    POST robots     {"kind", "token"?, "secret"?} -> {"webhook_url", ...}
    GET  robots     the registered robots (without secrets)
    GET  messages   every accepted post, oldest first ({"kind", "token", "text", "body"})
    POST faults     {"kind", "times", "match": "<robot kind>", "delay"}, kind one of
                    rate_limit, server_error (HTTP 502), slow, drop
    GET  faults     the faults still waiting
    POST reset      forget posts, faults and rate counters; keep the robots
"""

import base64
import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hrflow.notifications.simulators.faults import FaultQueue
from hrflow.notifications.simulators.server import (
    ControlError,
    SimRequest,
    SimResponse,
    control_json,
    json_body_object,
    json_response,
)

KINDS = ("wecom", "dingtalk", "feishu")
FAULT_KINDS = frozenset({"rate_limit", "server_error", "slow", "drop"})
SIGNATURE_MAX_AGE_SECONDS = 3600  # DingTalk and Feishu: one hour either way
WECOM_MAX_BYTES = {"text": 2048, "markdown": 4096}

# What each vendor answers: (success, unknown robot, bad signature, rate limited,
# bad body), as their JSON.
ANSWERS: dict[str, dict[str, dict[str, Any]]] = {
    "wecom": {
        "ok": {"errcode": 0, "errmsg": "ok"},
        "unknown": {"errcode": 93000, "errmsg": "invalid webhook url"},
        "rate_limited": {"errcode": 45009, "errmsg": "api freq out of limit"},
        "bad_body": {"errcode": 40008, "errmsg": "invalid message type"},
        "too_long": {"errcode": 40058, "errmsg": "content exceed max length"},
    },
    "dingtalk": {
        "ok": {"errcode": 0, "errmsg": "ok"},
        "unknown": {"errcode": 300001, "errmsg": "token is not exist"},
        "bad_sign": {"errcode": 310000, "errmsg": "sign not match"},
        "rate_limited": {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
        "bad_body": {"errcode": 40035, "errmsg": "缺少参数 json"},
    },
    "feishu": {
        "ok": {"code": 0, "msg": "success", "data": {}},
        "unknown": {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"},
        "bad_sign": {
            "code": 19021,
            "msg": "sign match fail or timestamp is not within one hour from current time",
        },
        "rate_limited": {"code": 11232, "msg": "frequency limited"},
        "bad_body": {"code": 9499, "msg": "Bad Request"},
    },
}


@dataclass
class Robot:
    kind: str
    token: str
    secret: str = ""
    posted: deque[float] = field(default_factory=deque)  # monotonic times, last minute


class ChatRobotSimulator:
    name = "chat-robots"

    def __init__(
        self,
        *,
        robots: Sequence[Mapping[str, str]] = (),
        per_minute: int = 20,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = ""
        self.per_minute = per_minute
        self.clock = clock
        self.faults = FaultQueue(FAULT_KINDS)
        self._lock = threading.Lock()
        self._robots: dict[tuple[str, str], Robot] = {}
        self._messages: list[dict[str, Any]] = []
        for robot in robots:
            self.register(**robot)

    def register(self, kind: str, token: str = "", secret: str = "") -> dict[str, Any]:
        """Add a robot; returns its webhook URL (relative until the server runs)."""
        if kind not in KINDS:
            raise ControlError(f"kind must be one of {list(KINDS)}")
        token = token or secrets.token_hex(16)
        with self._lock:
            self._robots[(kind, token)] = Robot(kind=kind, token=token, secret=secret)
        return {
            "kind": kind,
            "token": token,
            "signed": bool(secret),
            "webhook_url": self.webhook_url(kind, token),
        }

    def webhook_url(self, kind: str, token: str) -> str:
        paths = {
            "wecom": f"/wecom/cgi-bin/webhook/send?key={token}",
            "dingtalk": f"/dingtalk/robot/send?access_token={token}",
            "feishu": f"/feishu/open-apis/bot/v2/hook/{token}",
        }
        return self.base_url + paths[kind]

    def messages(self, kind: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self._messages if kind is None or m["kind"] == kind]

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()
            for robot in self._robots.values():
                robot.posted.clear()
        self.faults.clear()

    # HTTP.

    def handle(self, request: SimRequest) -> SimResponse:
        if request.path.startswith("/__sim__/"):
            return self._control(request)
        located = self._locate(request)
        if located is None:
            return json_response(404, {"error": f"no robot endpoint at {request.path}"})
        kind, token = located
        answers = ANSWERS[kind]
        with self._lock:
            robot = self._robots.get((kind, token))
        if robot is None:
            return json_response(200, answers["unknown"])
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return json_response(400 if kind == "feishu" else 200, answers["bad_body"])
        if robot.secret and not self._signature_ok(robot, request, body):
            return json_response(200, answers["bad_sign"])
        fault = self.faults.take(kind)
        if fault is not None and fault.kind == "rate_limit":
            return json_response(200, answers["rate_limited"])
        if fault is not None and fault.kind == "server_error":
            return SimResponse(502, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        problem, text = _message_text(kind, body)
        if problem:
            return json_response(200, answers[problem])
        if not self._take_rate_slot(robot):
            return json_response(200, answers["rate_limited"])
        with self._lock:
            self._messages.append(
                {"kind": kind, "token": token, "text": text, "body": body, "at": self.clock()}
            )
        response = json_response(200, answers["ok"])
        if fault is not None and fault.kind == "slow":
            response.delay = fault.delay
        if fault is not None and fault.kind == "drop":
            response.drop = True
        return response

    def _locate(self, request: SimRequest) -> tuple[str, str] | None:
        if request.method != "POST":
            return None
        if request.path == "/wecom/cgi-bin/webhook/send":
            return "wecom", request.query.get("key", "")
        if request.path == "/dingtalk/robot/send":
            return "dingtalk", request.query.get("access_token", "")
        prefix = "/feishu/open-apis/bot/v2/hook/"
        if request.path.startswith(prefix):
            return "feishu", request.path.removeprefix(prefix)
        return None

    def _signature_ok(self, robot: Robot, request: SimRequest, body: dict[str, Any]) -> bool:
        if robot.kind == "dingtalk":
            # timestamp in ms; sign = Base64(HmacSHA256(key=secret, "timestamp\nsecret")).
            stamp, sign = request.query.get("timestamp", ""), request.query.get("sign", "")
            key, message, seconds = robot.secret.encode(), f"{stamp}\n{robot.secret}", 1000
        elif robot.kind == "feishu":
            # timestamp in s; sign = Base64(HmacSHA256(key="timestamp\nsecret", "")).
            stamp, sign = str(body.get("timestamp", "")), str(body.get("sign", ""))
            key, message, seconds = f"{stamp}\n{robot.secret}".encode(), "", 1
        else:
            return True  # WeCom robots are not signed: the key in the URL is the secret
        if (
            not stamp.isdigit()
            or abs(self.clock() - int(stamp) / seconds) > SIGNATURE_MAX_AGE_SECONDS
        ):
            return False
        expected = base64.b64encode(
            hmac.new(key, message.encode(), hashlib.sha256).digest()
        ).decode()
        return hmac.compare_digest(expected, sign)

    def _take_rate_slot(self, robot: Robot) -> bool:
        now = time.monotonic()
        with self._lock:
            while robot.posted and now - robot.posted[0] >= 60:
                robot.posted.popleft()
            if len(robot.posted) >= self.per_minute:
                return False
            robot.posted.append(now)
            return True

    # Control API.

    def _control(self, request: SimRequest) -> SimResponse:
        route = (request.method, request.path.removeprefix("/__sim__/").rstrip("/"))
        try:
            if route == ("POST", "robots"):
                body = json_body_object(request)
                return control_json(
                    self.register(
                        kind=str(body.get("kind", "")),
                        token=str(body.get("token") or ""),
                        secret=str(body.get("secret") or ""),
                    ),
                    201,
                )
            if route == ("GET", "robots"):
                with self._lock:
                    robots = list(self._robots.values())
                return control_json(
                    {
                        "robots": [
                            {
                                "kind": robot.kind,
                                "token": robot.token,
                                "signed": bool(robot.secret),
                                "webhook_url": self.webhook_url(robot.kind, robot.token),
                            }
                            for robot in robots
                        ]
                    }
                )
            if route == ("GET", "messages"):
                return control_json({"messages": self.messages(request.query.get("kind"))})
            if route == ("GET", "faults"):
                return control_json({"faults": self.faults.pending()})
            if route == ("POST", "faults"):
                fault = self.faults.add(json_body_object(request))
                return control_json({"fault": fault.to_json()}, 201)
            if route == ("POST", "reset"):
                self.reset()
                return control_json({"reset": True})
        except ControlError as error:
            return control_json({"error": str(error)}, 400)
        return control_json({"error": f"no control endpoint {request.method} {request.path}"}, 404)


def _message_text(kind: str, body: dict[str, Any]) -> tuple[str, str]:
    """("", the text a person sees) for a body the vendor takes, else (problem, "")."""
    if kind == "feishu":
        content = body.get("content")
        if body.get("msg_type") == "text" and isinstance(content, dict):
            text = content.get("text")
            return ("", text) if isinstance(text, str) and text else ("bad_body", "")
        known = body.get("msg_type") in {"post", "image", "share_chat", "interactive"}
        return ("", "") if known else ("bad_body", "")
    msgtype = body.get("msgtype")
    part = body.get(msgtype) if isinstance(msgtype, str) else None
    if msgtype not in {"text", "markdown"} or not isinstance(part, dict):
        return "bad_body", ""
    text_key = "text" if kind == "dingtalk" and msgtype == "markdown" else "content"
    text = part.get(text_key)
    if not isinstance(text, str) or not text:
        return "bad_body", ""
    if kind == "dingtalk" and msgtype == "markdown" and not part.get("title"):
        return "bad_body", ""
    if kind == "wecom" and len(text.encode()) > WECOM_MAX_BYTES[msgtype]:
        return "too_long", ""
    return "", text
