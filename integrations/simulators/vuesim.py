"""VueSim: an English, HireVue/Greenhouse-style AI-interview vendor (docs/vendors/vuesim.md).

OAuth client credentials, bearer tokens with a TTL, Idempotency-Key invitations,
`(updated_at, id)`-ordered listings paged by `Link: rel="next"` cursors, per-window rate
limits, and Standard-Webhooks-signed events.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
from datetime import timedelta
from email.utils import formatdate
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode

from integrations.simulators import data, knobs, signing
from integrations.simulators import vuesim_control as control
from integrations.simulators.base import Router, SimulatorApp
from integrations.simulators.clock import epoch_ms, parse_rfc3339, rfc3339
from integrations.simulators.delivery import DELIVERED, DISABLE, RETRY, Delivery, Outgoing
from integrations.simulators.faults import FaultRule
from integrations.simulators.vuesim_state import (
    ALL_SCOPES,
    Event,
    IdempotencyRecord,
    Interview,
    VueState,
)
from integrations.simulators.wire import (
    ControlError,
    SimRequest,
    SimResponse,
    dumps,
    json_response,
    webhook_body,
)

DEFAULT_CLIENT_ID = "vuesim-client"
DEFAULT_CLIENT_SECRET = "vuesim-secret"  # noqa: S105 - the simulator's published demo credential
# whsec_ + base64("hrflow-vuesim-demo-signing-key!!"): a demo value, documented in README.md.
DEFAULT_WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"hrflow-vuesim-demo-signing-key!!").decode()
# Seconds between attempts (Standard Webhooks' schedule, cut at 10 h as
# docs/vendors/vuesim.md says).
RETRY_DELAYS = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0)
EVENTS = (
    "interview.completed",
    "interview.scored",
    "interview.rescored",
    "interview.expired",
    "interview.deleted",
)
_PER_PAGE_DEFAULT = 50
_PER_PAGE_MAX = 200
_LIST_PARAMS = {"updated_after", "per_page"}
_CURSOR_PATTERN = re.compile(r"[A-Za-z0-9_-]+\.[0-9a-f]{16}")


def _secrets(name: str, value: Any) -> list[str]:
    secrets = knobs.text_list(name, value)
    if not 1 <= len(secrets) <= 2:
        raise ControlError(f"{name} holds one secret, or two while rotating")
    for secret in secrets:
        try:
            signing.whsec_key(secret)
        except ValueError as exc:
            raise ControlError(f"{name}: {exc}") from exc
    return secrets


class VueSimApp(SimulatorApp):
    vendor = "vuesim"
    server_header = "VueSim/1.0"
    fault_kinds = frozenset(
        {
            "status",
            "rate_limit",
            "html",
            "malformed",
            "slow",
            "token_expiry",
            "cursor_expiry",
            "auth_revoked",
            "scope",
        }
    )
    vendor_knobs: ClassVar[dict[str, knobs.Knob]] = {
        "client_id": knobs.Knob(DEFAULT_CLIENT_ID, knobs.text, "OAuth client id"),
        "client_secret": knobs.Knob(DEFAULT_CLIENT_SECRET, knobs.text, "OAuth client secret"),
        "webhook_secrets": knobs.Knob(
            [DEFAULT_WEBHOOK_SECRET], _secrets, "whsec_<base64> secrets; two = rotation"
        ),
        "token_ttl_s": knobs.Knob(3600, knobs.integer(minimum=0), "access token lifetime"),
        "cursor_ttl_s": knobs.Knob(600, knobs.integer(minimum=0), "0 = cursors expire at once"),
        "rate_limit": knobs.Knob(200, knobs.integer(minimum=0), "requests per window; 0 = none"),
        "rate_limit_window_s": knobs.Knob(10, knobs.integer(minimum=1), "rate-limit window"),
        "idempotency_ttl_s": knobs.Knob(86400, knobs.integer(minimum=1), "Idempotency-Key life"),
    }

    state: VueState

    # -- setup --------------------------------------------------------------------------
    def reset_state(self) -> None:
        self.state = VueState(self.seed, self.clock)
        # Cursors are signed with a key from the seed: stable across runs, useless
        # after a reset with another seed.
        self._cursor_key = hashlib.sha256(f"vuesim-cursor:{self.seed}".encode()).digest()

    def register_api(self, router: Router) -> None:
        router.add("POST", r"/oauth/token", self._token)
        router.add("GET", r"/api/v1/positions", self._positions)
        router.add("POST", r"/api/v1/invitations", self._invite)
        router.add("GET", r"/api/v1/interviews", self._list)
        router.add("GET", r"/api/v1/interviews/(?P<id>[^/]+)", self._detail)

    def register_control(self, router: Router) -> None:
        control.register(self, router)

    def credentials(self) -> dict[str, Any]:
        return {
            "client_id": self.config["client_id"],
            "client_secret": self.config["client_secret"],
            "webhook_secrets": list(self.config["webhook_secrets"]),
            "token_url": f"{self.base_url}/oauth/token",
            "api_base": f"{self.base_url}/api/v1",
        }

    # -- auth ---------------------------------------------------------------------------
    def _token(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        client = _basic_credentials(request.header("authorization"))
        with self.lock:
            expected = (self.config["client_id"], self.config["client_secret"])
            if client is None or not _same_credentials(client, expected):
                return json_response(
                    401,
                    {"error": "invalid_client"},
                    headers=[("WWW-Authenticate", 'Basic realm="vuesim"')],
                )
            form = parse_qs(request.body.decode("utf-8", errors="replace"))
            grant = form.get("grant_type", [None])[0]
            if grant is None:
                return json_response(400, {"error": "invalid_request"})
            if grant != "client_credentials":
                return json_response(400, {"error": "unsupported_grant_type"})
            requested = form.get("scope", [" ".join(ALL_SCOPES)])[0].split()
            if not requested or set(requested) - set(ALL_SCOPES):
                return json_response(400, {"error": "invalid_scope"})
            ttl = int(self.config["token_ttl_s"])
            token = self.state.issue_token(client[0], frozenset(requested), ttl)
        body = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": ttl,
            "scope": " ".join(requested),
        }
        return json_response(
            200, body, headers=[("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        )

    def _authorize(self, request: SimRequest, scope: str) -> tuple[str | None, SimResponse | None]:
        """(client_id, None) or (None, the 401/403/429 to send). Caller holds the lock."""
        header = request.header("authorization") or ""
        if not header.lower().startswith("bearer "):
            return None, json_response(
                401,
                {"error": "unauthorized", "error_description": "Bearer token required"},
                headers=[("WWW-Authenticate", 'Bearer realm="vuesim"')],
            )
        token = self.state.tokens.get(header[7:].strip())
        if token is None or token.expires_at <= self.clock.now():
            return None, _invalid_token("The access token expired or is unknown")
        if scope not in token.scopes:
            return None, _insufficient_scope(scope)
        return token.client_id, None

    def _rate_headers(self, client_id: str) -> tuple[list[tuple[str, str]], SimResponse | None]:
        """X-RateLimit-* for this request's window, and a 429 once it is used up."""
        limit = int(self.config["rate_limit"])
        window = int(self.config["rate_limit_window_s"])
        now = self.clock.now().timestamp()
        current = int(now // window)
        start, used = self.state.rate_windows.get(client_id, (current, 0))
        if start != current:
            used = 0
        used += 1
        self.state.rate_windows[client_id] = (current, used)
        reset = (current + 1) * window
        if limit == 0:
            return [], None
        headers = [
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", str(max(0, limit - used))),
            ("X-RateLimit-Reset", str(reset)),
        ]
        if used > limit:
            wait = max(1, math.ceil(reset - now))
            return headers, json_response(
                429,
                {"error": "rate_limited", "error_description": f"Retry in {wait} s"},
                headers=[*headers, ("Retry-After", str(wait))],
            )
        return headers, None

    def _guard(
        self, request: SimRequest, scope: str
    ) -> tuple[list[tuple[str, str]], SimResponse | None]:
        client_id, refusal = self._authorize(request, scope)
        if refusal is not None or client_id is None:
            return [], refusal
        return self._rate_headers(client_id)

    # -- API ----------------------------------------------------------------------------
    def _positions(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            headers, refusal = self._guard(request, "positions:read")
        if refusal:
            return refusal
        return json_response(200, data.VUESIM_POSITIONS, headers=headers)

    def _invite(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        key = (request.header("idempotency-key") or "").strip()
        with self.lock:
            headers, refusal = self._guard(request, "invitations:write")
            if refusal:
                return refusal
            client_id = self._client_of(request)
            if not key:
                return json_response(400, {"error": "idempotency_key_required"}, headers=headers)
            try:
                body = request.json()
            except ValueError:
                return json_response(400, {"error": "invalid_json"}, headers=headers)
            fingerprint = hashlib.sha256(
                json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
            ).hexdigest()
            slot = (client_id, key)
            record = self._live_idempotency(slot)
            if record is not None:
                if record.fingerprint != fingerprint:
                    return json_response(422, {"error": "idempotency_key_reused"}, headers=headers)
                if record.status is None:
                    return json_response(409, {"error": "idempotency_key_in_use"}, headers=headers)
                replay = [*headers, *record.headers, ("Idempotent-Replayed", "true")]
                return SimResponse(record.status, record.body, "application/json", replay)
            problem = _invitation_problem(body)
            if problem is not None:
                return json_response(422, problem, headers=headers)
            self.state.idempotency[slot] = IdempotencyRecord(fingerprint, self.clock.now())
        # The first request stays "in flight" while a slow fault holds it, so a
        # concurrent duplicate meets the 409.
        self.spend_delay(request)
        with self.lock:
            position = next(p for p in data.VUESIM_POSITIONS if p["id"] == body["position_id"])
            interview = self.state.invite(
                position=position,
                candidate=body["candidate"],
                expires_in_days=int(body.get("expires_in_days") or 7),
                source="api",
                idempotency_key=key,
            )
            result = {
                "interview_id": interview.id,
                "invite_url": interview.invite_url,
                "expires_at": rfc3339(interview.expires_at or self.clock.now()),
            }
            location = [("Location", f"{self.base_url}/api/v1/interviews/{interview.id}")]
            body_bytes = dumps(result)
            record = self.state.idempotency.get(slot)  # gone if a reset came in between
            if record is not None:
                record.status, record.body, record.headers = 201, body_bytes, location
        return SimResponse(201, body_bytes, "application/json", [*headers, *location])

    def _client_of(self, request: SimRequest) -> str:
        token = self.state.tokens.get((request.header("authorization") or "")[7:].strip())
        return token.client_id if token else ""

    def _live_idempotency(self, slot: tuple[str, str]) -> IdempotencyRecord | None:
        record = self.state.idempotency.get(slot)
        ttl = timedelta(seconds=int(self.config["idempotency_ttl_s"]))
        if record is not None and record.created_at + ttl <= self.clock.now():
            del self.state.idempotency[slot]
            return None
        return record

    def _list(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            headers, refusal = self._guard(request, "interviews:read")
            if refusal:
                return refusal
            if "cursor" in request.query:
                if set(request.query) != {"cursor"}:
                    return json_response(422, {"error": "cursor_with_params"}, headers=headers)
                decoded = self._decode_cursor(request.param("cursor") or "")
                if decoded is None:
                    return json_response(422, {"error": "invalid_cursor"}, headers=headers)
                after_ms, after_id, per_page, issued_ms = decoded
                ttl_ms = int(self.config["cursor_ttl_s"]) * 1000
                if epoch_ms(self.clock.now()) - issued_ms >= ttl_ms:
                    return json_response(422, {"error": "cursor_expired"}, headers=headers)
                start = self.state.index.first_after((after_ms, after_id))
            else:
                unknown = set(request.query) - _LIST_PARAMS
                if unknown:
                    return json_response(
                        422,
                        {"error": "invalid_param", "param": sorted(unknown)[0]},
                        headers=headers,
                    )
                per_page, start, problem = self._first_page_params(request)
                if problem:
                    return json_response(422, problem, headers=headers)
            items, more = self.state.page(start, per_page)
            body = b"[" + b",".join(item.wire() for item in items) + b"]"
            if more and items:
                cursor = self._encode_cursor(items[-1], per_page)
                url = f"http://{request.host}/api/v1/interviews?{urlencode({'cursor': cursor})}"
                headers.append(("Link", f'<{url}>; rel="next"'))
        return SimResponse(200, body, "application/json", headers)

    def _first_page_params(self, request: SimRequest) -> tuple[int, int, dict[str, str] | None]:
        per_page_text = request.param("per_page")
        per_page = _PER_PAGE_DEFAULT
        if per_page_text is not None:
            if not per_page_text.isdigit() or not 1 <= int(per_page_text) <= _PER_PAGE_MAX:
                return 0, 0, {"error": "invalid_per_page"}
            per_page = int(per_page_text)
        after_text = request.param("updated_after")
        if after_text is None:
            return per_page, 0, None
        try:
            after = parse_rfc3339(after_text)
        except ValueError:
            return 0, 0, {"error": "invalid_updated_after"}
        # Strictly after: the first key whose millisecond is greater.
        return per_page, self.state.index.first_from_time(epoch_ms(after) + 1), None

    def _encode_cursor(self, last: Interview, per_page: int) -> str:
        payload = dumps([last.updated_ms, last.id, per_page, epoch_ms(self.clock.now())])
        text = base64.urlsafe_b64encode(payload).decode().rstrip("=")
        mac = hmac.new(self._cursor_key, text.encode(), hashlib.sha256).hexdigest()[:16]
        return f"{text}.{mac}"

    def _decode_cursor(self, cursor: str) -> tuple[int, str, int, int] | None:
        if not _CURSOR_PATTERN.fullmatch(cursor):
            return None
        text, mac = cursor.split(".")
        expected = hmac.new(self._cursor_key, text.encode(), hashlib.sha256).hexdigest()[:16]
        if not hmac.compare_digest(mac, expected):
            return None
        try:
            after_ms, after_id, per_page, issued = json.loads(
                base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            )
        except (ValueError, binascii.Error):
            return None
        return int(after_ms), str(after_id), int(per_page), int(issued)

    def _detail(self, request: SimRequest, match: re.Match[str]) -> SimResponse:
        with self.lock:
            headers, refusal = self._guard(request, "interviews:read")
            if refusal:
                return refusal
            interview = self.state.visible(match["id"])
            if interview is None:
                return json_response(404, {"error": "not_found"}, headers=headers)
            return SimResponse(200, interview.wire(), "application/json", headers)

    # -- lifecycle hooks ----------------------------------------------------------------
    def before_request(self) -> None:
        self.emit_events(self.state.expire_due())

    def on_clock_change(self) -> None:
        self.emit_events(self.state.expire_due())

    def auto_complete_one(self) -> str | None:
        with self.lock:
            self.emit_events(self.state.expire_due())
            for interview_id in self.state.pending:
                self.emit_events(self.state.complete(self.state.interviews[interview_id]))
                return interview_id
        return None

    # -- faults -------------------------------------------------------------------------
    def fault_applies(self, rule: FaultRule, request: SimRequest) -> bool:
        if rule.kind == "token_expiry":
            return (request.header("authorization") or "").lower().startswith("bearer ")
        if rule.kind == "cursor_expiry":
            return "cursor" in request.query
        if rule.kind == "scope":
            return request.path != "/oauth/token"  # scopes are checked on API calls
        return True

    def fault_response(self, rule: FaultRule, request: SimRequest) -> SimResponse:
        if rule.kind == "status":
            status = rule.status or 503
            error = _STATUS_ERRORS.get(status, "error")
            body = rule.body.encode() if rule.body is not None else dumps({"error": error})
            return SimResponse(status, body, "application/json")
        if rule.kind == "rate_limit":
            return self._fault_rate_limit(rule)
        if rule.kind == "html":
            return SimResponse(rule.status or 502, _html_error(rule.status or 502), "text/html")
        if rule.kind == "token_expiry":
            # The presented token really dies, so the client must refresh.
            self.state.tokens.pop((request.header("authorization") or "")[7:].strip(), None)
            return _invalid_token("The access token expired")
        if rule.kind == "cursor_expiry":
            return json_response(422, {"error": "cursor_expired"})
        if rule.kind == "auth_revoked":
            if request.path == "/oauth/token":
                return json_response(401, {"error": "invalid_client"})
            return _invalid_token("The client's access was revoked")
        if rule.kind == "scope":
            return _insufficient_scope("interviews:read")
        raise AssertionError(f"unhandled fault kind {rule.kind}")

    def _fault_rate_limit(self, rule: FaultRule) -> SimResponse:
        now = self.clock.now()
        if rule.retry_after_format == "http-date":
            retry_after = formatdate(
                (now + timedelta(seconds=rule.retry_after)).timestamp(), usegmt=True
            )
        else:
            retry_after = str(rule.retry_after)
        limit = int(self.config["rate_limit"]) or 1
        reset = int(now.timestamp()) + rule.retry_after
        headers = [
            ("Retry-After", retry_after),
            ("X-RateLimit-Limit", str(limit)),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", str(reset)),
        ]
        return json_response(429, {"error": "rate_limited"}, headers=headers)

    def malform(self, response: SimResponse, rule: FaultRule) -> SimResponse:
        """A body cut in half (a proxy dropped the connection's tail); headers kept, so a
        page's Link still points past it."""
        body = response.body[: max(1, len(response.body) // 2)] if response.body else b"["
        return SimResponse(response.status, body, response.content_type, response.headers)

    # -- webhooks -----------------------------------------------------------------------
    def judge_delivery(self, delivery: Delivery, status: int, body: bytes) -> str:
        if 200 <= status < 300:
            return DELIVERED
        if status == 410:
            return DISABLE
        return RETRY

    def emit_events(self, events: list[Event]) -> None:
        """Queue lifecycle events for delivery when webhooks are configured."""
        if not events or not self.auto_delivery_wanted():
            return
        for event_type, interview, snapshot in events:
            self.emit(self.make_delivery(event_type, interview, snapshot))

    def make_delivery(
        self,
        event_type: str,
        interview: Interview,
        snapshot: dict[str, Any],
        *,
        message_id: str | None = None,
        payload_mode: str | None = None,
        body_style: str | None = None,
        signature: str = "valid",
        timestamp_offset_s: int = 0,
        malformed: bool = False,
        url: str | None = None,
    ) -> Delivery:
        """A Standard Webhooks message: the body is fixed now; the timestamp and the
        signature are computed per attempt, with the secrets configured at that time."""
        message_id = message_id or self.state.message_id()
        mode = payload_mode or self.config["payload_mode"]
        payload = {
            "type": event_type,
            "timestamp": rfc3339(self.clock.now()),
            "data": snapshot
            if mode == "full"
            else {
                "interview_id": snapshot["id"],
                "version": snapshot["version"],
                "updated_at": snapshot["updated_at"],
            },
        }
        body = webhook_body(payload, body_style or self.config["body_style"])
        if malformed:
            body = body[: max(1, len(body) // 2)]
        target = url or self.config["webhook_url"]
        if not target:
            raise ControlError("no webhook_url configured (POST /__sim__/config) and no url given")

        def build(attempt: int) -> Outgoing:
            with self.lock:
                secrets = list(self.config["webhook_secrets"])
            timestamp = int(self.webhook_now().timestamp()) + timestamp_offset_s
            headers = {
                "content-type": "application/json",
                "user-agent": "VueSim-Webhooks/1.0",
                "webhook-id": message_id,
                "webhook-timestamp": str(timestamp),
            }
            if signature != "missing":
                if signature == "invalid":
                    # Right shape, wrong key: what a forger without the secret produces.
                    secrets = ["whsec_" + base64.b64encode(b"not-the-real-secret").decode()]
                headers["webhook-signature"] = signing.standard_webhook_signature(
                    secrets, message_id, timestamp, body
                )
            return Outgoing(str(target), headers, body)

        return Delivery(message_id, event_type, interview.id, build, RETRY_DELAYS)

    def state_counts(self) -> dict[str, Any]:
        return self.state.counts()


_STATUS_ERRORS = {
    400: "bad_request",
    404: "not_found",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def _html_error(status: int) -> bytes:
    title = {502: "502 Bad Gateway", 503: "503 Service Temporarily Unavailable"}.get(
        status, f"{status} Error"
    )
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    ).encode()


def _invalid_token(description: str) -> SimResponse:
    challenge = f'Bearer realm="vuesim", error="invalid_token", error_description="{description}"'
    return json_response(
        401,
        {"error": "invalid_token", "error_description": description},
        headers=[("WWW-Authenticate", challenge)],
    )


def _insufficient_scope(scope: str) -> SimResponse:
    challenge = f'Bearer realm="vuesim", error="insufficient_scope", scope="{scope}"'
    return json_response(
        403,
        {"error": "insufficient_scope", "scope": scope},
        headers=[("WWW-Authenticate", challenge)],
    )


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def _same_credentials(given: tuple[str, str], expected: tuple[str, str]) -> bool:
    return hmac.compare_digest(given[0].encode(), expected[0].encode()) & hmac.compare_digest(
        given[1].encode(), expected[1].encode()
    )


def _invitation_problem(body: Any) -> dict[str, str] | None:
    """Why an invitation body is unacceptable (422), or None."""
    if not isinstance(body, dict):
        return {"error": "invalid_request", "detail": "body must be a JSON object"}
    if body.get("position_id") not in {p["id"] for p in data.VUESIM_POSITIONS}:
        return {"error": "unknown_position", "detail": "position_id is not in GET /positions"}
    candidate = body.get("candidate")
    if not isinstance(candidate, dict):
        return {"error": "invalid_request", "detail": "candidate must be an object"}
    for name in ("external_id", "first_name", "last_name", "email"):
        if not isinstance(candidate.get(name), str) or not candidate[name].strip():
            return {"error": "invalid_request", "detail": f"candidate.{name} is required"}
    days = body.get("expires_in_days", 7)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
        return {"error": "invalid_request", "detail": "expires_in_days must be 1..60"}
    return None
