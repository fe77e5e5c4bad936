"""Webhook delivery: one worker thread, a retry schedule, and a log of every attempt.

The vendor decides what counts as success (VueSim: any 2xx; 面试宝: HTTP 200 *and* the
exact ack body) and whether a 410 disables the endpoint. Retry delays are the vendor's
real schedule multiplied by the `retry_factor` knob, so a 10-hour wait can take 60 ms in a
test. Delays run on the real monotonic clock: the simulated clock may be pinned.
"""

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

DELIVERED = "delivered"
RETRY = "retry"
DISABLE = "disable"
_BODY_LIMIT = 4000


@dataclass
class Outgoing:
    """One attempt's request; rebuilt per attempt because timestamps and signatures
    (and 面试宝's nonce) change on every attempt."""

    url: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Delivery:
    message_id: str | None
    event_type: str
    subject_id: str
    build: Callable[[int], Outgoing]
    delays: tuple[float, ...]  # seconds before attempts 2, 3, ... (uncompressed)
    kind: str = "event"  # "event" or "url_verification"
    challenge: str | None = None
    attempt: int = 0
    generation: int = 0


@dataclass
class Settings:
    enabled: bool
    factor: float
    timeout: float


class DeliveryHost(Protocol):
    """What the dispatcher needs from its simulator."""

    def delivery_settings(self) -> Settings: ...

    def judge_delivery(self, delivery: Delivery, status: int, body: bytes) -> str: ...

    def disable_webhooks(self, reason: str) -> None: ...

    def sim_now_text(self) -> str: ...


@dataclass
class _Queued:
    due: float
    seq: int
    delivery: Delivery = field(compare=False)

    def __lt__(self, other: "_Queued") -> bool:
        return (self.due, self.seq) < (other.due, other.seq)


class Dispatcher:
    def __init__(self, host: DeliveryHost) -> None:
        self._host = host
        self._cond = threading.Condition()
        self._queue: list[_Queued] = []
        self._seq = itertools.count()
        self._log: list[dict[str, Any]] = []
        self._log_seq = itertools.count(1)
        self._generation = 0
        self._in_flight = 0
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(follow_redirects=False, trust_env=False)

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sim-webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._client.close()

    def clear(self) -> None:
        """Forget queued retries and the log (a reset); attempts already on the wire
        finish but are not logged."""
        with self._cond:
            self._generation += 1
            self._queue.clear()
            self._log.clear()
            self._cond.notify_all()

    # -- queueing -----------------------------------------------------------------
    def enqueue(self, delivery: Delivery, delay: float = 0.0) -> None:
        with self._cond:
            delivery.generation = self._generation
            heapq.heappush(
                self._queue, _Queued(time.monotonic() + delay, next(self._seq), delivery)
            )
            self._cond.notify_all()

    def send_now(self, delivery: Delivery, *, retry: bool) -> dict[str, Any]:
        """One attempt in the caller's thread; on failure the rest of the schedule runs
        in the background only if `retry`."""
        with self._cond:
            delivery.generation = self._generation
        return self._attempt(delivery, retry=retry)

    def pending(self) -> int:
        with self._cond:
            return len(self._queue) + self._in_flight

    def log(self) -> list[dict[str, Any]]:
        with self._cond:
            return [dict(entry) for entry in self._log]

    def clear_log(self) -> None:
        with self._cond:
            self._log.clear()

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue or self._in_flight:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    # -- the worker ---------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._stopping:
                    if self._queue and self._queue[0].due <= time.monotonic():
                        break
                    wait = self._queue[0].due - time.monotonic() if self._queue else None
                    self._cond.wait(wait)
                if self._stopping:
                    return
                item = heapq.heappop(self._queue)
                if item.delivery.generation != self._generation:
                    continue
                self._in_flight += 1
            try:
                self._attempt(item.delivery, retry=True)
            finally:
                with self._cond:
                    self._in_flight -= 1
                    self._cond.notify_all()

    def _attempt(self, delivery: Delivery, *, retry: bool) -> dict[str, Any]:
        settings = self._host.delivery_settings()
        delivery.attempt += 1
        outgoing = delivery.build(delivery.attempt)
        entry: dict[str, Any] = {
            "message_id": delivery.message_id,
            "event_type": delivery.event_type,
            "subject_id": delivery.subject_id,
            "kind": delivery.kind,
            "attempt": delivery.attempt,
            "url": outgoing.url,
            "sent_at": self._host.sim_now_text(),
            "request_headers": outgoing.headers,
            "request_body": outgoing.body.decode("utf-8", errors="replace"),
            "status": None,
            "response_body": None,
            "error": None,
        }
        if not settings.enabled:
            entry["outcome"] = "skipped_endpoint_disabled"
            return self._record(delivery, entry)
        verdict = RETRY
        retry_after: float | None = None
        try:
            response = self._client.post(
                outgoing.url,
                content=outgoing.body,
                headers=outgoing.headers,
                timeout=settings.timeout,
            )
        except httpx.HTTPError as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"
        else:
            entry["status"] = response.status_code
            entry["response_body"] = response.content[:_BODY_LIMIT].decode(
                "utf-8", errors="replace"
            )
            entry["response_content_type"] = response.headers.get("content-type")
            verdict = self._host.judge_delivery(delivery, response.status_code, response.content)
            retry_after = _retry_after_seconds(response.headers.get("retry-after"))
        if verdict == DELIVERED:
            entry["outcome"] = "delivered"
        elif verdict == DISABLE:
            entry["outcome"] = "endpoint_disabled"
            self._host.disable_webhooks(f"{outgoing.url} answered 410 Gone")
        elif not retry:
            entry["outcome"] = "failed"
        elif delivery.attempt > len(delivery.delays):
            entry["outcome"] = "dropped"
        else:
            delay = delivery.delays[delivery.attempt - 1]
            if retry_after is not None:
                # Standard Webhooks: honour the receiver's Retry-After when it is longer.
                delay = max(delay, retry_after)
            entry["outcome"] = "retry_scheduled"
            entry["next_attempt_in_s"] = delay * settings.factor
            entry["next_attempt_in_s_uncompressed"] = delay
            if delivery.generation == self._generation:
                self.enqueue(delivery, delay * settings.factor)
        return self._record(delivery, entry)

    def _record(self, delivery: Delivery, entry: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            if delivery.generation == self._generation:
                entry["seq"] = next(self._log_seq)
                self._log.append(entry)
            self._cond.notify_all()
        return entry


def _retry_after_seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None
