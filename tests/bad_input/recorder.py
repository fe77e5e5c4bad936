"""Learn which request parameters a view reads, by watching it read them.

A test-only middleware swaps request.GET and request.POST for dicts that note
every name looked up (get, getlist, [], in). One plain request per URL then
tells the walker (tests/test_bad_input.py) which parameters to send hostile
values to, without a hand-kept list per view that would fall behind.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

READ: set[tuple[str, str]] = set()  # ("GET" | "POST", name) read since the last reset
MIDDLEWARE = "tests.bad_input.recorder.RecordParametersMiddleware"


class RecordingQueryDict(QueryDict):
    source = "GET"

    def _note(self, key: object) -> None:
        if isinstance(key, str):
            READ.add((self.source, key))

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._note(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> list[Any]:  # type: ignore[override]
        self._note(key)
        return super().getlist(key, default)


def _recording(data: QueryDict, source: str) -> RecordingQueryDict:
    copy = RecordingQueryDict(mutable=True)
    for key, values in data.lists():
        copy.setlist(key, values)
    copy.source = source
    copy._mutable = False
    return copy


class RecordParametersMiddleware:
    """Last in the chain, so the view reads through the recording dicts."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _recording(request.GET, "GET")
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request._post = _recording(request.POST, "POST")  # type: ignore[attr-defined]
        return self.get_response(request)
