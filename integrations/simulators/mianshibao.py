"""面试宝 (MianshiBao): a Chinese-style AI-interview vendor (docs/vendors/mianshibao.md).

`X-MSB-AppKey` auth, HTTP-200 envelopes whose non-zero `code` is the error, a 60
requests/minute throttle per key, Beijing-time windows of at most 7 days, offset paging
ordered by updateTime desc unless asked otherwise, and SHA-256-signed callbacks that only
count as delivered when we answer HTTP 200 with exactly `{"code":0,"msg":"success"}`.
"""

import hmac
import json
import re
from datetime import timedelta
from typing import Any, ClassVar

from integrations.simulators import data, knobs, signing
from integrations.simulators import mianshibao_control as control
from integrations.simulators import mianshibao_records as records
from integrations.simulators.base import Router, SimulatorApp
from integrations.simulators.clock import beijing, epoch_ms, parse_beijing
from integrations.simulators.delivery import DELIVERED, RETRY, Delivery, Outgoing
from integrations.simulators.faults import FaultRule
from integrations.simulators.mianshibao_state import Event, MsbState
from integrations.simulators.wire import ControlError, SimRequest, SimResponse, dumps, webhook_body

DEFAULT_APP_KEY = "msb-demo-appkey"
DEFAULT_APP_SECRET = "msb-demo-secret"  # noqa: S105 - the simulator's published demo credential
# 15 s, 30 s, 3 m, 10 m, 30 m, then dropped (no dead-letter queue on their side).
RETRY_DELAYS = (15.0, 30.0, 180.0, 600.0, 1800.0)
EVENTS = (
    "report.generated",
    "report.updated",
    "interview.finished",
    "interview.expired",
    "report.deleted",
)
MESSAGES = {
    0: "success",
    40001: "无效的AppKey",
    40003: "无权限",
    40010: "参数错误",
    42900: "请求过于频繁",
    50000: "系统繁忙，请稍后重试",
}
CONTENT_TYPE = "application/json;charset=UTF-8"
MAX_WINDOW = timedelta(days=7)
ACK = {"code": 0, "msg": "success"}
_BOM = b"\xef\xbb\xbf"
_LIST_PARAMS = {"startTime", "endTime", "page", "pageSize", "order"}
_DIGITS = re.compile(r"[0-9]+")


class MianshiBaoApp(SimulatorApp):
    vendor = "mianshibao"
    server_header = "MSB-Gateway/2.3"
    fault_kinds = frozenset(
        {
            "status",
            "code",
            "rate_limit",
            "html",
            "malformed",
            "slow",
            "auth_revoked",
            "scope",
            "insert",
        }
    )
    vendor_knobs: ClassVar[dict[str, knobs.Knob]] = {
        "app_key": knobs.Knob(DEFAULT_APP_KEY, knobs.text, "X-MSB-AppKey value"),
        "app_secret": knobs.Knob(DEFAULT_APP_SECRET, knobs.text, "signs callbacks"),
        "sign_mode": knobs.Knob(
            "header", knobs.choice("header", "legacy"), "X-MSB-* headers, or legacy ?sign="
        ),
        "callback_version": knobs.Knob(
            "v2", knobs.choice("v2", "v1"), "v1 callbacks carry no eventId"
        ),
        "rate_limit": knobs.Knob(60, knobs.integer(minimum=0), "requests per minute; 0 = none"),
        "dedupe_ttl_s": knobs.Knob(86400, knobs.integer(minimum=1), "X-MSB-RequestId memory"),
    }

    state: MsbState

    # -- setup --------------------------------------------------------------------------
    def reset_state(self) -> None:
        self.state = MsbState(self.seed, self.clock)

    def register_api(self, router: Router) -> None:
        router.add("GET", r"/openapi/v2/position/list", self._positions)
        router.add("POST", r"/openapi/v2/interview/invite", self._invite)
        router.add("GET", r"/openapi/v2/interview/result/list", self._results)
        router.add("GET", r"/openapi/v2/interview/result/detail", self._detail)

    def register_control(self, router: Router) -> None:
        control.register(self, router)

    def credentials(self) -> dict[str, Any]:
        return {
            "app_key": self.config["app_key"],
            "app_secret": self.config["app_secret"],
            "api_base": f"{self.base_url}/openapi/v2",
        }

    # -- envelopes ----------------------------------------------------------------------
    def envelope(
        self, data_value: Any = None, code: int = 0, msg: str | None = None
    ) -> SimResponse:
        """Every answer, error or not, is HTTP 200 with this envelope."""
        body = {
            "code": code,
            "msg": msg or MESSAGES.get(code, "error"),
            "data": data_value,
            "requestId": self.state.request_id(),
        }
        return SimResponse(200, dumps(body), CONTENT_TYPE, vendor_code=code)

    def _bad(self, detail: str) -> SimResponse:
        return self.envelope(None, 40010, f"参数错误：{detail}")

    def unrouted(self, request: SimRequest, status: int) -> SimResponse:
        body = dumps(
            {"code": status, "msg": "Not Found" if status == 404 else "Method Not Allowed"}
        )
        return SimResponse(status, body, CONTENT_TYPE)

    def _guard(self, request: SimRequest) -> SimResponse | None:
        """40001 for a wrong key, 42900 past the per-minute quota. Caller holds the lock."""
        key = request.header("x-msb-appkey") or ""
        if not hmac.compare_digest(key.encode(), str(self.config["app_key"]).encode()):
            return self.envelope(None, 40001)
        limit = int(self.config["rate_limit"])
        if limit:
            minute = int(self.clock.now().timestamp() // 60)
            start, used = self.state.rate_windows.get(key, (minute, 0))
            used = used + 1 if start == minute else 1
            self.state.rate_windows[key] = (minute, used)
            if used > limit:
                return self.envelope(None, 42900)  # deliberately no Retry-After
        return None

    # -- API ----------------------------------------------------------------------------
    def _positions(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            refusal = self._guard(request)
            if refusal:
                return refusal
            paging = _paging(request, default_size=20)
            if isinstance(paging, str):
                return self._bad(paging)
            page, size = paging
            items = data.MSB_POSITIONS[(page - 1) * size : page * size]
            return self.envelope({"list": items, "total": len(data.MSB_POSITIONS)})

    def _invite(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            refusal = self._guard(request)
            if refusal:
                return refusal
            request_id = (request.header("x-msb-requestid") or "").strip()
            slot = (request.header("x-msb-appkey") or "", request_id)
            if request_id and slot in self.state.dedupe:
                created, answer = self.state.dedupe[slot]
                if created + timedelta(seconds=int(self.config["dedupe_ttl_s"])) > self.clock.now():
                    return self.envelope(answer)
                del self.state.dedupe[slot]
            try:
                body = request.json()
            except ValueError:
                return self._bad("请求体不是合法的JSON")
            problem = _invite_problem(body)
            if problem:
                return self._bad(problem)
            record = self.state.invite(
                position_id=body["positionId"],
                out_user_id=body.get("outUserId", records.ABSENT),
                name=body["name"],
                mobile=body.get("mobile"),
                email=body.get("email"),
                source="api",
                request_id=request_id or None,
            )
            invitation = self.state.invitation_of(record.id) or {}
            answer = {
                "interviewId": record.obj["interviewId"],
                "inviteUrl": invitation.get("inviteUrl"),
                "expireTime": invitation.get("expireTime"),
            }
            if request_id:
                self.state.dedupe[slot] = (self.clock.now(), answer)
            return self.envelope(answer)

    def _results(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            refusal = self._guard(request)
            if refusal:
                return refusal
            unknown = set(request.query) - _LIST_PARAMS
            if unknown:
                return self._bad(f"未知参数{sorted(unknown)[0]}")
            start_text, end_text = request.param("startTime"), request.param("endTime")
            if not start_text or not end_text:
                return self._bad("startTime和endTime必填")
            try:
                start, end = parse_beijing(start_text), parse_beijing(end_text)
            except ValueError:
                return self._bad("时间格式应为yyyy-MM-dd HH:mm:ss")
            if end < start:
                return self._bad("endTime不能早于startTime")
            if end - start > MAX_WINDOW:
                return self._bad("查询时间跨度不能超过7天")
            order = request.param("order") or "desc"
            if order not in {"asc", "desc"}:
                return self._bad("order只能是asc或desc")
            paging = _paging(request, default_size=20)
            if isinstance(paging, str):
                return self._bad(paging)
            page, size = paging
            items, total = self.state.window(
                epoch_ms(start), epoch_ms(end), page, size, ascending=order == "asc"
            )
            # Splice cached record bytes into the envelope: 100 records per page, fast.
            listing = b"[" + b",".join(r.wire() for r in items) + b"]"
            page_info = dumps({"total": total, "page": page, "pageSize": size})
            body = (
                b'{"code":0,"msg":"success","data":{"list":'
                + listing
                + b","
                + page_info[1:]
                + b',"requestId":'
                + dumps(self.state.request_id())
                + b"}"
            )
            return SimResponse(200, body, CONTENT_TYPE, vendor_code=0)

    def _detail(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            refusal = self._guard(request)
            if refusal:
                return refusal
            record_id = request.param("recordId")
            if not record_id:
                return self._bad("recordId必填")
            record = self.state.visible(record_id)
            if record is None:
                return self._bad("记录不存在")
            return self.envelope(record.obj)

    # -- lifecycle hooks ----------------------------------------------------------------
    def before_request(self) -> None:
        self.emit_events(self.state.expire_due())

    def on_clock_change(self) -> None:
        self.emit_events(self.state.expire_due())

    def auto_complete_one(self) -> str | None:
        with self.lock:
            self.emit_events(self.state.expire_due())
            for record_id in self.state.pending:
                self.emit_events(self.state.complete(self.state.records[record_id]))
                return record_id
        return None

    # -- faults -------------------------------------------------------------------------
    def fault_response(self, rule: FaultRule, request: SimRequest) -> SimResponse:
        if rule.kind == "status":
            status = rule.status or 503
            code = 50000 if status >= 500 else 40010
            body = (
                rule.body.encode()
                if rule.body is not None
                else dumps({"code": code, "msg": MESSAGES[code]})
            )
            return SimResponse(status, body, CONTENT_TYPE)
        if rule.kind == "code":
            return self.envelope(None, rule.code or 50000)
        if rule.kind == "rate_limit":
            if rule.variant == "http":
                return SimResponse(429, b"", None)  # the gateway's bare 429, no headers
            return self.envelope(None, 42900)
        if rule.kind == "html":
            return SimResponse(rule.status or 502, _html_502(), "text/html")
        if rule.kind == "auth_revoked":
            return self.envelope(None, 40001)
        if rule.kind == "scope":
            return self.envelope(None, 40003)
        raise AssertionError(f"unhandled fault kind {rule.kind}")

    def malform(self, response: SimResponse, rule: FaultRule) -> SimResponse:
        """`variant`: all (default: BOM + trailing comma + GBK), bom, trailing_comma, gbk,
        truncated."""
        variant = rule.variant or "all"
        if variant not in {"all", "bom", "trailing_comma", "gbk", "truncated"}:
            variant = "all"
        text = response.body.decode("utf-8")
        content_type = response.content_type
        if variant == "truncated":
            return SimResponse(
                response.status, response.body[: len(response.body) // 2], content_type
            )
        if variant in {"all", "trailing_comma"} and text.endswith("}"):
            text = text[:-1] + ",}"
        body = text.encode("utf-8")
        if variant in {"all", "gbk"}:
            body = text.encode("gbk", errors="replace")
            content_type = "application/json;charset=GBK"
        if variant in {"all", "bom"}:
            body = _BOM + body
        return SimResponse(
            response.status, body, content_type, response.headers, response.vendor_code
        )

    def apply_insert(self, rule: FaultRule) -> None:
        """New reports land while a client is paging (S16: desc paging drifts)."""
        for _ in range(rule.count):
            position = data.MSB_POSITIONS[0]
            person = data.person(
                data.rng_for(self.seed, "insert", self.state.count("insert")), chinese=True
            )
            record = self.state.invite(
                position_id=position["positionId"],
                out_user_id=f"ats-inserted-{self.state.count('inserted')}",
                name=person.display_name,
                mobile=None,
                email=None,
                source="fault:insert",
            )
            self.emit_events(self.state.complete(record))

    # -- callbacks ----------------------------------------------------------------------
    def judge_delivery(self, delivery: Delivery, status: int, body: bytes) -> str:
        if status != 200:
            return RETRY
        try:
            parsed = json.loads(body)
        except ValueError:
            return RETRY
        if delivery.kind == "url_verification":
            ok = isinstance(parsed, dict) and parsed.get("challenge") == delivery.challenge
            return DELIVERED if ok else RETRY
        exact = isinstance(parsed, dict) and parsed == ACK and type(parsed["code"]) is int
        return DELIVERED if exact else RETRY

    def emit_events(self, events: list[Event]) -> None:
        if not events or not self.auto_delivery_wanted():
            return
        for event_type, record, snapshot in events:
            self.emit(self.make_callback(event_type, record.id, snapshot))

    def make_callback(
        self,
        event_type: str,
        record_id: str,
        snapshot: dict[str, Any] | None,
        *,
        event_id: str | None = None,
        v1: bool | None = None,
        legacy: bool | None = None,
        signature: str = "valid",
        timestamp_offset_s: int = 0,
        malformed: bool = False,
        payload_mode: str | None = None,
        body_style: str | None = None,
        url: str | None = None,
        challenge: str | None = None,
    ) -> Delivery:
        """One callback; timestamp, nonce and signature are fresh on every attempt."""
        v1 = self.config["callback_version"] == "v1" if v1 is None else v1
        legacy = self.config["sign_mode"] == "legacy" if legacy is None else legacy
        if event_type == "url_verification":
            challenge = challenge or data.hex_token(
                data.rng_for(self.seed, "challenge", self.state.count("challenge")), 24
            )
            payload: dict[str, Any] = {"type": "url_verification", "challenge": challenge}
            message_id = None
        else:
            assert snapshot is not None
            mode = payload_mode or self.config["payload_mode"]
            thin = {"recordId": snapshot["recordId"], "updateTime": snapshot["updateTime"]}
            message_id = None if v1 else (event_id or self.state.event_id())
            payload = {"eventId": message_id} if message_id else {}
            payload.update({"eventType": event_type, "data": snapshot if mode == "full" else thin})
        body = webhook_body(payload, body_style or self.config["body_style"])
        if malformed:
            body = _BOM + body[:-1] + b",}"
        target = url or self.config["webhook_url"]
        if not target:
            raise ControlError("no webhook_url configured (POST /__sim__/config) and no url given")

        def build(attempt: int) -> Outgoing:
            with self.lock:
                secret = str(self.config["app_secret"])
                nonce = data.nonce(data.rng_for(self.seed, "nonce", self.state.count("nonce")))
            if signature == "invalid":
                secret = "not-the-app-secret"  # noqa: S105 - a forger's guess, on purpose
            headers = {
                "content-type": "application/json;charset=UTF-8",
                "user-agent": "MSB-Callback/2.0",
            }
            if legacy:
                full_url = str(target)
                if signature != "missing":
                    separator = "&" if "?" in full_url else "?"
                    full_url += f"{separator}sign={signing.msb_legacy_sign(secret, body)}"
                return Outgoing(full_url, headers, body)
            timestamp = str(epoch_ms(self.webhook_now()) + timestamp_offset_s * 1000)
            headers["X-MSB-Timestamp"] = timestamp
            headers["X-MSB-Nonce"] = nonce
            if signature != "missing":
                headers["X-MSB-Signature"] = signing.msb_signature(timestamp, nonce, secret, body)
            return Outgoing(str(target), headers, body)

        delivery = Delivery(message_id, event_type, record_id, build, RETRY_DELAYS)
        if event_type == "url_verification":
            delivery.kind, delivery.challenge = "url_verification", challenge
        return delivery

    def state_counts(self) -> dict[str, Any]:
        return self.state.counts()

    def beijing_now(self) -> str:
        return beijing(self.clock.now())


def _paging(request: SimRequest, *, default_size: int) -> tuple[int, int] | str:
    page_text = request.param("page") or "1"
    size_text = request.param("pageSize") or str(default_size)
    if not _DIGITS.fullmatch(page_text) or int(page_text) < 1:
        return "page必须是正整数"
    if not _DIGITS.fullmatch(size_text) or not 1 <= int(size_text) <= 100:
        return "pageSize取值范围1-100"
    return int(page_text), int(size_text)


def _invite_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "请求体必须是JSON对象"
    if body.get("positionId") not in {p["positionId"] for p in data.MSB_POSITIONS}:
        return "positionId无效"
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        return "name必填"
    for name in ("outUserId", "mobile", "email"):
        if name in body and body[name] is not None and not isinstance(body[name], str):
            return f"{name}必须是字符串"
    return None


def _html_502() -> bytes:
    return (
        b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
        b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n"
        b"</body>\r\n</html>\r\n"
    )
