"""Who may open the recruiting pages, and how refusals look (404, like a missing page)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from hrflow.core.errors import ApplicationError


def workspace_view(permission: str) -> Callable[..., Any]:
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


def report_error(request: HttpRequest, error: ApplicationError) -> None:
    """Show a service's refusal as a flash message."""
    messages.error(request, error.message)
