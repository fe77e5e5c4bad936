"""The address a request really came from, for lockouts and audit.

Behind N reverse proxies that each append to X-Forwarded-For, the client is the
N-th address from the right; anything further left was written by the client
and can be forged. With no proxy (N = 0) the header is ignored entirely.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.HRFLOW_TRUSTED_PROXY_COUNT
    remote_addr = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote_addr
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request bypassed them; trust only the socket.
        return remote_addr
    return forwarded[-proxies]
