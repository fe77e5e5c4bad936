"""Fault-injection rules: which vendor request fails, how, and how often.

A rule matches requests by method and path prefix; of the matching requests it lets the
first `after` through, then fires on every `every`-th one until it has fired `times`
times (unlimited when `times` is absent). What a firing rule does to the response is the
vendor's business (`SimulatorApp.fault_response`): VueSim answers a rate limit with a 429
and `Retry-After`, 面试宝 with code 42900 inside an HTTP 200.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from integrations.simulators.wire import ControlError, SimRequest

ALL_KINDS = frozenset(
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
        "code",
        "insert",
    }
)
# Kinds that replace the response. `slow` only delays, `malformed` rewrites the real
# response and `insert` changes the data before it is read.
TERMINAL_KINDS = frozenset(
    {
        "status",
        "rate_limit",
        "html",
        "token_expiry",
        "cursor_expiry",
        "auth_revoked",
        "scope",
        "code",
    }
)
_FIELDS = {
    "kind",
    "path",
    "method",
    "times",
    "every",
    "after",
    "status",
    "code",
    "retry_after",
    "retry_after_format",
    "delay",
    "variant",
    "count",
    "body",
}


@dataclass
class FaultRule:
    id: int
    kind: str
    path: str = ""
    method: str | None = None
    times: int | None = None
    every: int = 1
    after: int = 0
    status: int | None = None
    code: int | None = None
    retry_after: int = 2
    retry_after_format: str = "seconds"
    delay: float = 1.0
    variant: str | None = None
    count: int = 3
    body: str | None = None
    seen: int = 0
    fired: int = 0

    @classmethod
    def from_json(cls, rule_id: int, data: Mapping[str, Any], kinds: Iterable[str]) -> "FaultRule":
        if not isinstance(data, Mapping):
            raise ControlError("each fault rule must be a JSON object")
        unknown = set(data) - _FIELDS
        if unknown:
            raise ControlError(f"unknown fault field(s): {sorted(unknown)}")
        kind = data.get("kind")
        allowed = set(kinds)
        if kind not in allowed:
            raise ControlError(f"fault kind {kind!r} not supported here; one of {sorted(allowed)}")
        rule = cls(id=rule_id, kind=str(kind))
        rule.path = _text(data, "path", "") or ""
        method = _text(data, "method", None)
        rule.method = method.upper() if method else None
        rule.times = _integer(data, "times", None, minimum=1)
        rule.every = _integer(data, "every", 1, minimum=1) or 1
        rule.after = _integer(data, "after", 0, minimum=0) or 0
        rule.status = _integer(data, "status", None, minimum=100)
        rule.code = _integer(data, "code", None, minimum=1)
        rule.retry_after = _integer(data, "retry_after", 2, minimum=0) or 0
        rule.retry_after_format = _text(data, "retry_after_format", "seconds") or "seconds"
        if rule.retry_after_format not in {"seconds", "http-date"}:
            raise ControlError("retry_after_format is 'seconds' or 'http-date'")
        delay = data.get("delay", 1.0)
        if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
            raise ControlError("delay must be a non-negative number of seconds")
        rule.delay = float(delay)
        rule.variant = _text(data, "variant", None)
        rule.count = _integer(data, "count", 3, minimum=1) or 1
        rule.body = _text(data, "body", None)
        return rule

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "path": self.path,
            "method": self.method,
            "times": self.times,
            "every": self.every,
            "after": self.after,
            "status": self.status,
            "code": self.code,
            "retry_after": self.retry_after,
            "retry_after_format": self.retry_after_format,
            "delay": self.delay,
            "variant": self.variant,
            "count": self.count,
            "body": self.body,
            "seen": self.seen,
            "fired": self.fired,
        }

    def matches(self, request: SimRequest) -> bool:
        if self.method and request.method != self.method:
            return False
        return request.path.startswith(self.path)

    def tick(self, *, may_fire: bool = True) -> bool:
        """Count one matching request; True when the rule fires on it. A rule that is
        due but `may_fire=False` (another rule already answered) does not fire."""
        self.seen += 1
        position = self.seen - self.after
        if position <= 0 or position % self.every or not may_fire:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        self.fired += 1
        return True


@dataclass
class FaultPlan:
    """What the firing rules do to one request."""

    terminal: FaultRule | None = None
    malformed: FaultRule | None = None
    inserts: list[FaultRule] = field(default_factory=list)
    delay: float = 0.0
    fired: list[str] = field(default_factory=list)


class FaultBook:
    """The active rules, in the order they were added. Not thread-safe by itself: the
    simulator calls it under its lock."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._next_id = 1

    def add(self, items: Iterable[Mapping[str, Any]], kinds: Iterable[str]) -> list[FaultRule]:
        allowed = frozenset(kinds)
        new: list[FaultRule] = []
        for item in items:
            new.append(FaultRule.from_json(self._next_id + len(new), item, allowed))
        self._next_id += len(new)
        self.rules.extend(new)
        return new

    def clear(self) -> None:
        self.rules.clear()

    def plan(
        self, request: SimRequest, applies: Callable[[FaultRule, SimRequest], bool]
    ) -> FaultPlan:
        """Tick every rule that matches `request` (each counts every matching request);
        the first terminal rule that fires answers it, later terminal rules stand down."""
        result = FaultPlan()
        for rule in self.rules:
            if not rule.matches(request) or not applies(rule, request):
                continue
            pre_empted = rule.kind in TERMINAL_KINDS and result.terminal is not None
            if not rule.tick(may_fire=not pre_empted):
                continue
            result.fired.append(rule.kind)
            if rule.kind in TERMINAL_KINDS:
                result.terminal = rule
            elif rule.kind == "malformed":
                result.malformed = result.malformed or rule
            elif rule.kind == "slow":
                result.delay += rule.delay
            elif rule.kind == "insert":
                result.inserts.append(rule)
        return result


def _text(data: Mapping[str, Any], key: str, default: str | None) -> str | None:
    value = data.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ControlError(f"{key} must be a string")
    return value


def _integer(data: Mapping[str, Any], key: str, default: int | None, *, minimum: int) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ControlError(f"{key} must be an integer >= {minimum}")
    return value
