"""Page access by permission: signed in and holding it through a role, or a 404.

A refusal answers like a missing page, so a URL reveals nothing to those who may
not open it (docs/RELIABILITY.md row 18). Used by every app's staff pages.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse


def permission_view(permission: str) -> Callable[..., Any]:
    """Signed in, and holding `permission` through a role; anyone else gets 404."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
