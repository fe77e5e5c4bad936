"""Middleware of our own: /healthz first, machine endpoints early, no-store for people.

`machine_endpoint` marks a view that machines call with signed requests (vendor
webhooks); MachineEndpointMiddleware, right after SecurityMiddleware (HTTPS
redirect, HSTS), answers those by calling the view at once: no session, sign-in,
CSRF, language, messages, CSP or lockout middleware, none of which such a view
uses, and which cost a webhook receiver a good part of its time.
"""

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from hrflow.core.health import run_health_checks

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Serve the health probe first in the chain.

    Container probes call it as http://127.0.0.1:8000/healthz: placed ahead of
    SecurityMiddleware and CommonMiddleware it skips the ALLOWED_HOSTS check
    (which would refuse that Host) and the HTTPS redirect, and it needs no
    session or login. It reveals only up/down and timings, never hosts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        checks = run_health_checks()
        healthy = all(check["ok"] for check in checks.values())
        response = JsonResponse(
            {"status": "ok" if healthy else "unavailable", "checks": checks},
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response


class NoStoreForSignedInMiddleware:
    """Keep pages with people's data out of browser and proxy caches (ASVS 14.3.2).

    Every response to a signed-in user gets `Cache-Control: no-store` unless the
    view set its own policy; static files never reach here (whitenoise).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response


View = TypeVar("View", bound=Callable[..., HttpResponse])


def machine_endpoint(view: View) -> View:
    """Mark a view for MachineEndpointMiddleware (it must need none of the browser's
    middleware: it reads no session or user, is CSRF-exempt and answers data, not pages)."""
    view.machine_endpoint = True  # type: ignore[attr-defined]
    return view


class MachineEndpointMiddleware:
    """Call views marked `machine_endpoint` straight after SecurityMiddleware.

    Which paths lead to them is read from the URLconf once (the literal start of
    each marked view's route), so every other request costs one prefix test.
    The host is still checked against ALLOWED_HOSTS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.prefixes is None:  # not at start-up: the URLconf may import this module
            self.prefixes = tuple(_machine_prefixes(get_resolver(), "/"))
        if not self.prefixes or not request.path_info.startswith(self.prefixes):
            return self.get_response(request)
        match = resolve(request.path_info)  # Resolver404 becomes the usual 404
        if not getattr(match.func, "machine_endpoint", False):
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) as CommonMiddleware would raise it
        request.resolver_match = match
        return match.func(request, *match.args, **match.kwargs)


def _machine_prefixes(resolver: URLResolver, prefix: str) -> list[str]:
    found: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _machine_prefixes(entry, route)
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "machine_endpoint", False):
            found.append(route.split("<", 1)[0])
    return found
