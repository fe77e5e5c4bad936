"""Injected faults: the next N matching requests fail in a chosen way.

A fault is added through a simulator's control API ({"kind", "times",
"match", "delay", "code"}) and consumed by the requests it matches, first
added first; `match` names what the simulator matches on (Aliyun's Action, a
robot's kind), empty for any request.
"""

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from hrflow.notifications.simulators.server import ControlError


@dataclass
class Fault:
    kind: str
    times: int = 1
    match: str = ""
    delay: float = 2.0  # for "slow"
    code: str = ""  # for "code": the vendor error code to answer with

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class FaultQueue:
    def __init__(self, kinds: frozenset[str]) -> None:
        self._kinds = kinds
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, data: Mapping[str, Any]) -> Fault:
        unknown = set(data) - {"kind", "times", "match", "delay", "code"}
        if unknown:
            raise ControlError(f"unknown fault field(s): {sorted(unknown)}")
        kind = data.get("kind")
        if kind not in self._kinds:
            raise ControlError(f"fault kind must be one of {sorted(self._kinds)}")
        times = data.get("times", 1)
        delay = data.get("delay", 2.0)
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ControlError("times must be a positive integer")
        if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
            raise ControlError("delay must be a non-negative number of seconds")
        fault = Fault(
            kind=str(kind),
            times=times,
            match=str(data.get("match") or ""),
            delay=float(delay),
            code=str(data.get("code") or ""),
        )
        if fault.kind == "code" and not fault.code:
            raise ControlError("a 'code' fault needs the code to answer with")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, subject: str) -> Fault | None:
        """The first fault matching `subject`, used up by one; None when none matches."""
        with self._lock:
            for fault in self._faults:
                if not fault.match or fault.match == subject:
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.to_json() for fault in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
