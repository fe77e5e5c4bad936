"""Refuse a request body larger than its route takes, before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE and FILE_UPLOAD_MAX_MEMORY_SIZE only
decide what is kept in memory: a multipart body of any size is read, and its
files spooled to disk, as soon as anything touches request.POST, and the CSRF
check does that before any view runs. So the length is judged here, from
Content-Length, ahead of the CSRF middleware: every route takes at most
HRFLOW_MAX_REQUEST_BODY_BYTES, and a view marked @accepts_upload takes its
file on top. WSGIRequest never reads past Content-Length, so a request let
through cannot send more than it announced.

A body without a length (chunked transfer encoding) is refused with 411:
Django under WSGI reads none of it, so it could only be taken for empty.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

MiB = 1024 * 1024
UPLOAD_ATTRIBUTE = "max_upload_bytes"

View = TypeVar("View", bound=Callable[..., object])


def accepts_upload(*, max_file_bytes: int) -> Callable[[View], View]:
    """Let the view's requests carry a file of up to `max_file_bytes` besides the usual body.

    Put it outermost, so the attribute is on the function the URL resolves to.
    """

    def mark(view: View) -> View:
        setattr(view, UPLOAD_ATTRIBUTE, max_file_bytes)
        return view

    return mark


def upload_allowance(request: HttpRequest) -> int:
    """The file size the request's route takes on top of the usual body (0: none)."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return 0
    return int(getattr(match.func, UPLOAD_ATTRIBUTE, 0))


class RequestBodyLimitMiddleware:
    """413 for a body over its route's limit, 411 for one without a length, before it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        length = request.META.get("CONTENT_LENGTH") or ""
        if not length:
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return _plain(411, _("Send the request with a Content-Length header."))
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0:
            return _plain(400, _("The Content-Length header is not a number of bytes."))
        usual: int = settings.HRFLOW_MAX_REQUEST_BODY_BYTES
        if size <= usual:
            return None  # the common case: no need to look the route up
        allowance = upload_allowance(request)
        if size <= usual + allowance:
            return None
        if allowance:
            message = _("The file is larger than %(mb)d MB.") % {"mb": allowance // MiB}
        else:
            message = _("The request is too large.")
        return _plain(413, message)


def _plain(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
