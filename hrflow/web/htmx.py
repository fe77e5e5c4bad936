"""A request as django-htmx's middleware leaves it, for views that answer htmx differently."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    # Set on every request by django_htmx.middleware.HtmxMiddleware; truthy when the
    # request came from htmx (its HX-Request header), so a view answers with a fragment.
    htmx: HtmxDetails
