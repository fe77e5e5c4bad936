"""What both simulators share: the request pipeline, the `/__sim__/` control API, the
request log, configuration, fault injection and the webhook dispatcher.

A vendor subclass supplies its API routes, its fault responses, its delivery rules and
the vendor-specific control endpoints (scenarios, bulk, completing interviews...).
"""

import itertools
import re
import sys
import threading
import time
import traceback
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from integrations.simulators import knobs
from integrations.simulators.clock import SimClock, parse_rfc3339, rfc3339
from integrations.simulators.delivery import Delivery, Dispatcher, Settings
from integrations.simulators.faults import FaultBook, FaultRule
from integrations.simulators.wire import (
    ControlError,
    SimRequest,
    SimResponse,
    control_json,
    json_response,
)

CONTROL_PREFIX = "/__sim__/"
# Enough for a 20,000-result benchmark's pages; old entries fall off the front.
REQUEST_LOG_LIMIT = 20_000
LOGGED_HEADERS = (
    "authorization",
    "idempotency-key",
    "x-msb-appkey",
    "x-msb-requestid",
    "content-type",
    "accept",
    "user-agent",
)
_BODY_LOG_LIMIT = 4000

ApiHandler = Callable[[SimRequest, re.Match[str]], SimResponse]
ControlHandler = Callable[[SimRequest, re.Match[str]], Any]


class Router:
    """Method + regex routes; a path that matches with another method is a 405."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = []

    def add(self, method: str, pattern: str, handler: Callable[..., Any]) -> None:
        self._routes.append((method, re.compile(pattern + r"\Z"), handler))

    def resolve(self, method: str, path: str) -> tuple[Callable[..., Any], re.Match[str]] | str:
        """The handler and match, or "405" / "404"."""
        path_known = False
        for route_method, pattern, handler in self._routes:
            match = pattern.match(path)
            if match is None:
                continue
            if route_method == method:
                return handler, match
            path_known = True
        return "405" if path_known else "404"

    def describe(self) -> list[str]:
        return [
            f"{method} {pattern.pattern.removesuffix(chr(92) + 'Z')}"
            for method, pattern, _ in self._routes
        ]


class SimulatorApp(ABC):
    vendor: ClassVar[str]
    server_header: ClassVar[str]
    fault_kinds: ClassVar[frozenset[str]]
    vendor_knobs: ClassVar[dict[str, knobs.Knob]]

    def __init__(
        self,
        *,
        seed: int = 0,
        config: Mapping[str, Any] | None = None,
        now: datetime | str | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.clock = SimClock()
        self.faults = FaultBook()
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_LIMIT)
        self._request_seq = itertools.count(1)
        self.knobs: dict[str, knobs.Knob] = {**knobs.COMMON, **self.vendor_knobs}
        self._startup_config = dict(config or {})
        knobs.apply({}, self.knobs, self._startup_config)  # fail fast on a bad knob
        self._startup_now = parse_rfc3339(now) if isinstance(now, str) else now
        self.seed = seed
        self.config: dict[str, Any] = {}
        self.webhooks_disabled_reason: str | None = None
        self.base_url = "http://127.0.0.1"  # the server sets the real one once bound
        self.dispatcher = Dispatcher(self)
        self._control = Router()
        self._register_common_control()
        self.register_control(self._control)
        self._api = Router()
        self.register_api(self._api)
        self.reset(seed)
        self.dispatcher.start()

    # -- vendor hooks ---------------------------------------------------------------
    @abstractmethod
    def register_api(self, router: Router) -> None: ...

    @abstractmethod
    def register_control(self, router: Router) -> None: ...

    @abstractmethod
    def reset_state(self) -> None:
        """Drop all vendor data and regenerate what a fresh seed has."""

    @abstractmethod
    def fault_response(self, rule: FaultRule, request: SimRequest) -> SimResponse: ...

    @abstractmethod
    def malform(self, response: SimResponse, rule: FaultRule) -> SimResponse: ...

    @abstractmethod
    def judge_delivery(self, delivery: Delivery, status: int, body: bytes) -> str: ...

    @abstractmethod
    def state_counts(self) -> dict[str, Any]: ...

    @abstractmethod
    def auto_complete_one(self) -> str | None:
        """Complete the oldest pending invitation (the demo's candidates at work)."""

    @abstractmethod
    def credentials(self) -> dict[str, Any]: ...

    def fault_applies(self, rule: FaultRule, request: SimRequest) -> bool:
        """Kind-specific preconditions (a token-expiry fault needs a token...)."""
        return True

    def apply_insert(self, rule: FaultRule) -> None:  # noqa: B027 - optional hook
        """An `insert` fault: new data appears between two page requests."""

    def on_clock_change(self) -> None:  # noqa: B027 - optional hook
        """Called under the lock after the clock moved (expire due invitations...)."""

    def before_request(self) -> None:  # noqa: B027 - optional hook
        """Called under the lock before each vendor API request."""

    # -- the pipeline ---------------------------------------------------------------
    def handle(self, request: SimRequest) -> SimResponse:
        try:
            if request.path.startswith(CONTROL_PREFIX) or request.path == CONTROL_PREFIX.rstrip(
                "/"
            ):
                return self._handle_control(request)
            return self._handle_api(request)
        except ControlError as exc:
            return control_json({"error": exc.error, "detail": exc.detail}, exc.status)
        except Exception:  # a simulator bug must show up, not hang the client
            traceback.print_exc(file=sys.stderr)
            return json_response(500, {"error": "simulator_error"})

    def _handle_api(self, request: SimRequest) -> SimResponse:
        with self.lock:
            self.before_request()
            entry = self._log_request(request)
            plan = self.faults.plan(request, self.fault_applies)
            entry["faults"] = plan.fired
            for rule in plan.inserts:
                self.apply_insert(rule)
            response = self.fault_response(plan.terminal, request) if plan.terminal else None
        request.delay = plan.delay
        if response is None:
            resolved = self._api.resolve(request.method, request.path)
            if isinstance(resolved, str):
                response = self.unrouted(request, int(resolved))
            else:
                handler, match = resolved
                response = handler(request, match)
        if plan.malformed is not None:
            response = self.malform(response, plan.malformed)
        if request.delay > 0:
            time.sleep(request.delay)
        with self.lock:
            entry["status"] = response.status
            entry["code"] = response.vendor_code
        return response

    def unrouted(self, request: SimRequest, status: int) -> SimResponse:
        return json_response(
            status, {"error": "not_found" if status == 404 else "method_not_allowed"}
        )

    def spend_delay(self, request: SimRequest) -> None:
        """Sleep a `slow` fault's delay now, at the point the handler chooses."""
        if request.delay > 0:
            time.sleep(request.delay)
            request.delay = 0.0

    def _log_request(self, request: SimRequest) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "seq": next(self._request_seq),
            "at": rfc3339(self.clock.now()),
            "method": request.method,
            "path": request.path,
            "query": {k: v[0] if len(v) == 1 else v for k, v in request.query.items()},
            "headers": {h: request.headers[h] for h in LOGGED_HEADERS if h in request.headers},
            "body": None,
            "status": None,
            "code": None,
            "faults": [],
        }
        if request.body:
            try:
                entry["body"] = request.json()
            except ValueError:
                entry["body"] = request.body[:_BODY_LOG_LIMIT].decode("utf-8", errors="replace")
        self.request_log.append(entry)
        return entry

    # -- control API ----------------------------------------------------------------
    def _handle_control(self, request: SimRequest) -> SimResponse:
        resolved = self._control.resolve(request.method, request.path)
        if isinstance(resolved, str):
            status = int(resolved)
            message = "unknown control endpoint" if status == 404 else "method not allowed"
            raise ControlError(
                f"{message}: {request.method} {request.path}; see GET /__sim__/",
                status=status,
                error="not_found" if status == 404 else "method_not_allowed",
            )
        handler, match = resolved
        result = handler(request, match)
        return result if isinstance(result, SimResponse) else control_json(result)

    def _register_common_control(self) -> None:
        r = self._control
        r.add("GET", r"/__sim__/?", self._c_index)
        r.add("POST", r"/__sim__/reset", self._c_reset)
        r.add("GET", r"/__sim__/clock", lambda req, m: self.clock.describe())
        r.add("POST", r"/__sim__/clock", self._c_clock)
        r.add("GET", r"/__sim__/config", lambda req, m: self.config_view())
        r.add("POST", r"/__sim__/config", self._c_config)
        r.add("GET", r"/__sim__/faults", lambda req, m: self._faults_view())
        r.add("POST", r"/__sim__/faults", self._c_add_faults)
        r.add("DELETE", r"/__sim__/faults", self._c_clear_faults)
        r.add("GET", r"/__sim__/requests", self._c_requests)
        r.add("DELETE", r"/__sim__/requests", self._c_clear_requests)
        r.add("GET", r"/__sim__/deliveries", self._c_deliveries)
        r.add("DELETE", r"/__sim__/deliveries", self._c_clear_deliveries)
        r.add("GET", r"/__sim__/state", lambda req, m: self.summary())

    def _c_index(self, request: SimRequest, match: re.Match[str]) -> Any:
        return {
            "vendor": self.vendor,
            "control": self._control.describe(),
            "api": self._api.describe(),
            "fault_kinds": sorted(self.fault_kinds),
        }

    def _c_reset(self, request: SimRequest, match: re.Match[str]) -> Any:
        body = request.json_object()
        seed = body.get("seed", self.seed)
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise ControlError("seed must be an integer")
        self.reset(seed)
        return self.summary()

    def reset(self, seed: int) -> None:
        """Everything back to how the simulator started, with this seed: data, clock,
        config (the startup config is re-applied), faults, logs and queued deliveries."""
        with self.lock:
            self.seed = seed
            self.config = knobs.defaults(self.knobs)
            knobs.apply(self.config, self.knobs, self._startup_config)
            self.clock.release()
            if self._startup_now is not None:
                self.clock.set(self._startup_now)
            self.faults.clear()
            self.request_log.clear()
            self._request_seq = itertools.count(1)
            self.dispatcher.clear()
            self.webhooks_disabled_reason = None
            self.reset_state()

    def _c_clock(self, request: SimRequest, match: re.Match[str]) -> Any:
        body = request.json_object()
        unknown = set(body) - {"now", "advance_seconds", "offset_seconds", "real"}
        if unknown or not body:
            raise ControlError(
                'give {"now": RFC3339}, {"advance_seconds": n}, {"offset_seconds": n} '
                'or {"real": true}'
            )
        with self.lock:
            if body.get("real"):
                self.clock.release()
            if "offset_seconds" in body:
                offset = body["offset_seconds"]
                if not isinstance(offset, int | float) or isinstance(offset, bool):
                    raise ControlError("offset_seconds must be a number")
                self.clock.set_offset(float(offset))
            if "now" in body:
                try:
                    self.clock.set(parse_rfc3339(str(body["now"])))
                except ValueError as exc:
                    raise ControlError(f"now must be RFC 3339 with an offset: {exc}") from exc
            if "advance_seconds" in body:
                seconds = body["advance_seconds"]
                if not isinstance(seconds, int | float) or isinstance(seconds, bool):
                    raise ControlError("advance_seconds must be a number")
                self.clock.advance(float(seconds))
            self.on_clock_change()
        return self.clock.describe()

    def config_view(self) -> dict[str, Any]:
        with self.lock:
            view = dict(self.config)
        view["webhooks_disabled_reason"] = self.webhooks_disabled_reason
        return view

    def _c_config(self, request: SimRequest, match: re.Match[str]) -> Any:
        body = request.json_object()
        with self.lock:
            knobs.apply(self.config, self.knobs, body)
            if body.get("webhook_enabled") is True:
                self.webhooks_disabled_reason = None
        return self.config_view()

    def _faults_view(self) -> dict[str, Any]:
        with self.lock:
            return {"faults": [rule.to_json() for rule in self.faults.rules]}

    def _c_add_faults(self, request: SimRequest, match: re.Match[str]) -> Any:
        try:
            body = request.json()
        except ValueError as exc:
            raise ControlError(f"body is not JSON: {exc}") from exc
        if isinstance(body, dict) and "rules" in body:
            body = body["rules"]
        items = body if isinstance(body, list) else [body]
        with self.lock:
            added = self.faults.add(items, self.fault_kinds)
        view = self._faults_view()
        view["added"] = [rule.id for rule in added]
        return view

    def _c_clear_faults(self, request: SimRequest, match: re.Match[str]) -> Any:
        with self.lock:
            self.faults.clear()
        return {"faults": []}

    def _c_requests(self, request: SimRequest, match: re.Match[str]) -> Any:
        path = request.param("path") or ""
        method = (request.param("method") or "").upper()
        since = _int_param(request, "since", 0)
        with self.lock:
            entries = [
                dict(e)
                for e in self.request_log
                if e["path"].startswith(path)
                and (not method or e["method"] == method)
                and e["seq"] > since
            ]
        return {"requests": entries, "count": len(entries)}

    def _c_clear_requests(self, request: SimRequest, match: re.Match[str]) -> Any:
        with self.lock:
            self.request_log.clear()
        return {"requests": [], "count": 0}

    def _c_deliveries(self, request: SimRequest, match: re.Match[str]) -> Any:
        wait = request.param("wait_idle")
        if wait:
            try:
                self.dispatcher.wait_idle(min(float(wait), 30.0))
            except ValueError as exc:
                raise ControlError("wait_idle is a number of seconds") from exc
        entries = self.dispatcher.log()
        for key in ("message_id", "subject_id", "event_type"):
            wanted = request.param(key)
            if wanted:
                entries = [e for e in entries if e.get(key) == wanted]
        return {"deliveries": entries, "pending": self.dispatcher.pending()}

    def _c_clear_deliveries(self, request: SimRequest, match: re.Match[str]) -> Any:
        self.dispatcher.clear_log()
        return {"deliveries": [], "pending": self.dispatcher.pending()}

    def summary(self) -> dict[str, Any]:
        with self.lock:
            counts = self.state_counts()
            counts["requests"] = len(self.request_log)
            counts["faults"] = len(self.faults.rules)
            return {
                "vendor": self.vendor,
                "seed": self.seed,
                "url": self.base_url,
                "clock": self.clock.describe(),
                "counts": counts,
                "webhook": {
                    "url": self.config["webhook_url"],
                    "enabled": self.config["webhook_enabled"],
                    "disabled_reason": self.webhooks_disabled_reason,
                    "deliveries": len(self.dispatcher.log()),
                    "pending": self.dispatcher.pending(),
                },
            }

    # -- webhooks -------------------------------------------------------------------
    def delivery_settings(self) -> Settings:
        with self.lock:
            return Settings(
                enabled=bool(self.config["webhook_enabled"]),
                factor=float(self.config["retry_factor"]),
                timeout=float(self.config["webhook_timeout_s"]),
            )

    def disable_webhooks(self, reason: str) -> None:
        with self.lock:
            self.config["webhook_enabled"] = False
            self.webhooks_disabled_reason = reason

    def sim_now_text(self) -> str:
        return rfc3339(self.clock.now())

    def webhook_now(self) -> datetime:
        """The clock signature timestamps use: the receiver checks them against its own
        wall clock, so by default they are real time even when the sim clock is pinned."""
        if self.config["webhook_clock"] == "sim":
            return self.clock.now()
        return datetime.now(UTC)

    def auto_delivery_wanted(self) -> bool:
        return bool(
            self.config["auto_webhooks"]
            and self.config["webhook_url"]
            and self.config["webhook_enabled"]
        )

    def emit(self, delivery: Delivery) -> None:
        """Queue an event for the background dispatcher (it retries per schedule)."""
        self.dispatcher.enqueue(delivery)


def _int_param(request: SimRequest, name: str, default: int) -> int:
    value = request.param(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ControlError(f"{name} must be an integer") from exc
