"""A small progress bar for a terminal: one line per phase, redrawn in place."""

from collections.abc import Callable

BAR_WIDTH = 28


class TerminalProgress:
    """Draw `phase  ██████░░░░  60,000/100,000`; call it as a seed Progress callback.

    Only for a terminal: the caller decides (isatty), so logs and pipes stay quiet.
    """

    def __init__(self, *, write: Callable[[str], object], flush: Callable[[], object]) -> None:
        self._write = write
        self._flush = flush
        self._phase: str | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._phase not in (None, phase):
            self._write("\n")
        self._phase = phase
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        self._write(f"\r{phase:<18} {bar} {done:>9,}/{total:,}")
        if done >= total:
            self._write("\n")
            self._phase = None
        self._flush()
