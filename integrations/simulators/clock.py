"""The simulators' clock and the time formats the two vendors put on the wire.

Real UTC time by default; the control API can pin it or shift it so that token TTLs,
cursor expiry and generated timestamps are reproducible in tests.
"""

import re
import threading
from datetime import UTC, datetime, timedelta, timezone

# China has had no daylight saving time since 1991, so a fixed offset is exact and
# needs no tz database in the container.
BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")
_BEIJING_FORMAT = "%Y-%m-%d %H:%M:%S"
_BEIJING_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


class SimClock:
    """`now()` is real time plus an offset, or a pinned instant while one is set."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fixed: datetime | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        with self._lock:
            if self._fixed is not None:
                return self._fixed
            return datetime.now(UTC) + self._offset

    def set(self, when: datetime) -> None:
        with self._lock:
            self._fixed = when.astimezone(UTC)
            self._offset = timedelta(0)

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._fixed is not None:
                self._fixed += timedelta(seconds=seconds)
            else:
                self._offset += timedelta(seconds=seconds)

    def set_offset(self, seconds: float) -> None:
        """Real time shifted by `seconds` (unpins a pinned clock)."""
        with self._lock:
            self._fixed = None
            self._offset = timedelta(seconds=seconds)

    def release(self) -> None:
        """Back to real time, no offset."""
        with self._lock:
            self._fixed = None
            self._offset = timedelta(0)

    def describe(self) -> dict[str, object]:
        now = self.now()
        with self._lock:
            return {
                "now": rfc3339(now),
                "fixed": self._fixed is not None,
                "offset_seconds": self._offset.total_seconds(),
            }


def rfc3339(when: datetime, tz: timezone = UTC) -> str:
    """Millisecond RFC 3339, `Z` for UTC and `+08:00` style otherwise (VueSim's format)."""
    local = when.astimezone(tz)
    text = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
    offset = local.utcoffset() or timedelta(0)
    if offset == timedelta(0):
        return text + "Z"
    return text + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]


def parse_rfc3339(text: str) -> datetime:
    """An RFC 3339 instant; a value without an offset is refused (ambiguous)."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        raise ValueError("timestamp without an offset")
    return value.astimezone(UTC)


def beijing(when: datetime) -> str:
    """面试宝's naive Beijing wall time, `yyyy-MM-dd HH:mm:ss`."""
    return when.astimezone(BEIJING).strftime(_BEIJING_FORMAT)


def parse_beijing(text: str) -> datetime:
    """The inverse of `beijing`; exactly that format or ValueError."""
    if not _BEIJING_PATTERN.fullmatch(text):
        raise ValueError("expected yyyy-MM-dd HH:mm:ss")
    return datetime.strptime(text, _BEIJING_FORMAT).replace(tzinfo=BEIJING).astimezone(UTC)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_ms(when: datetime) -> int:
    # Integer arithmetic: float timestamps can land one millisecond low.
    return (when - _EPOCH) // timedelta(milliseconds=1)


def from_epoch_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def truncate_ms(when: datetime) -> datetime:
    """Drop sub-millisecond digits, so sort keys equal what clients read back."""
    return when.replace(microsecond=when.microsecond // 1000 * 1000)


def truncate_s(when: datetime) -> datetime:
    return when.replace(microsecond=0)
