"""A small progress bar for a terminal: one line per phase, redrawn in place."""

import time
from collections.abc import Callable

BAR_WIDTH = 28


class TerminalProgress:
    """Draw `phase  ██████░░░░  60,000/100,000`, and when the phase is done the seconds
    it took; call it as a seed Progress callback.

    Only for a terminal: the caller decides (isatty), so logs and pipes stay quiet.
    """

    def __init__(
        self,
        *,
        write: Callable[[str], object],
        flush: Callable[[], object],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._write = write
        self._flush = flush
        self._clock = clock
        self._phase: str | None = None
        self._finished: str | None = None
        self._started = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._phase is None and phase == self._finished and done >= total:
            return  # the end of a phase reported again: drawn already
        self._finished = None
        if self._phase not in (None, phase):
            self._write("\n")
        if self._phase != phase:
            self._started = self._clock()
        self._phase = phase
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        self._write(f"\r{phase:<18} {bar} {done:>9,}/{total:,}")
        if done >= total:
            self._write(f"  {self._clock() - self._started:.1f} s\n")
            self._phase, self._finished = None, phase
        self._flush()
