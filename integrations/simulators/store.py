"""A sorted `(time_ms, id)` index, so that paging over 20,000 results is a bisect and a
slice instead of a sort per request."""

import json
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from typing import Any

from integrations.simulators.wire import dumps

Key = tuple[int, str]


class SortedIndex:
    def __init__(self) -> None:
        self._keys: list[Key] = []

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: Key) -> None:
        insort(self._keys, key)

    def extend(self, keys: Iterable[Key]) -> None:
        """Many keys at once (bulk loads): one sort instead of one insort each."""
        self._keys.extend(keys)
        self._keys.sort()

    def remove(self, key: Key) -> None:
        at = bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            del self._keys[at]

    def move(self, old: Key, new: Key) -> None:
        self.remove(old)
        self.add(new)

    def first_after(self, key: Key) -> int:
        """Position of the first key strictly greater than `key`."""
        return bisect_right(self._keys, key)

    def first_from_time(self, time_ms: int) -> int:
        """Position of the first key with time >= `time_ms`."""
        return bisect_left(self._keys, (time_ms, ""))

    def slice(self, start: int, stop: int) -> list[Key]:
        return self._keys[max(start, 0) : max(stop, 0)]

    def clear(self) -> None:
        self._keys.clear()


class WireObject:
    """A vendor object kept as a dict or, once compacted, only as its JSON bytes.

    Bulk-loaded results keep just their bytes (20,000 dicts cost ~110 MB); the
    dict is parsed back on first use. Subclasses (dataclasses) declare `_obj`
    and `cache` and copy the fields they index out of the object in `_index`.
    """

    _obj: dict[str, Any] | None
    cache: bytes | None

    def _index(self, value: dict[str, Any]) -> None:
        raise NotImplementedError

    @property
    def obj(self) -> dict[str, Any]:
        if self._obj is None:
            self._obj = json.loads(self.cache or b"{}")
        return self._obj

    @obj.setter
    def obj(self, value: dict[str, Any]) -> None:
        self._obj = value
        self.cache = None
        self._index(value)

    def compact(self) -> None:
        self.wire()
        self._obj = None

    def wire(self) -> bytes:
        if self.cache is None:
            self.cache = dumps(self.obj)
        return self.cache
