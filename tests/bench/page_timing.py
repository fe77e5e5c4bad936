"""Timing pages and queries for the page benchmarks: one measure (median, p90, queries),
its table row, and a page read through the Django test client with its queries counted.

Django must be set up before `page_measure` runs (it imports from django.db then)."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Measure:
    label: str
    times_ms: list[float]
    queries: int

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p90(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]


def times_ms(work: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_row(measure: Measure) -> str:
    return (
        f"{measure.label:<48} {measure.median:>10.1f} {measure.p90:>8.1f} "
        f"{len(measure.times_ms):>5} {measure.queries:>8}"
    )


def page_measure(label: str, client: Any, url: str, runs: int) -> Measure:
    """GET the page twice to warm it, count one request's queries, then time `runs`."""
    from django.db import connections

    def get() -> Any:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    get()
    # Counted by a wrapper on every connection rather than from the query log, which
    # each request empties as it starts (request_started) and DEBUG off does not fill.
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    wrappers = [connections[alias].execute_wrapper(count) for alias in connections]
    for wrapper in wrappers:
        wrapper.__enter__()
    try:
        get()
    finally:
        for wrapper in reversed(wrappers):
            wrapper.__exit__(None, None, None)
    return Measure(label, times_ms(get, runs), len(executed))
