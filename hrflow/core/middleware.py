"""Answer /healthz before any other middleware touches the request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse

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
