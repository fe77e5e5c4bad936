"""Refuse, once for every page and the API, request values no view can take."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from hrflow.core.request_body import UPLOAD_ATTRIBUTE


class RejectNulMiddleware:
    """Answer 400 to a request whose path, query string or form holds a NUL character.

    No field of ours takes one, and PostgreSQL refuses it in any text value, so a
    NUL that reached a query would end as a 500 in whichever view met it first.
    Refused here once for every page and the API, as the view is about to run
    (so the answer is JSON for an API view) and before anything changed. An
    upload view's form is left to the view: it reads its body only after its
    rate limit, its text fields are Django form fields (which refuse NULs), and
    a file's name is cleaned when stored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if NUL in request.path or _holds_nul(request.GET) or _form_holds_nul(request, view):
            message = _("A NUL character is not allowed in a request.")
            return bad_request(request, message, api=_is_api(view))
        return None


NUL = "\x00"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(data: QueryDict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


def _form_holds_nul(request: HttpRequest, view: Callable[..., Any]) -> bool:
    if request.method != "POST" or request.content_type not in _FORM_TYPES:
        return False
    return not getattr(view, UPLOAD_ATTRIBUTE, 0) and _holds_nul(request.POST)


def _is_api(view: Callable[..., Any]) -> bool:
    view_class = getattr(view, "cls", None)  # set by DRF's APIView.as_view()
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def bad_request(request: HttpRequest, message: str, *, api: bool) -> HttpResponse:
    """A 400 in the shape the client reads: the API's JSON error, else the error page."""
    if api:
        return JsonResponse({"message": message, "errors": {}}, status=400)
    return HttpResponseBadRequest(render_to_string("400.html", request=request))
