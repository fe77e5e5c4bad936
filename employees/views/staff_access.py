"""Who may open the contract and probation pages: HR admins, and line managers.

A line manager is whoever a current assignment names as manager, whatever their
role (employees/models/scoping.py); the hiring-manager role reads too, so its
menu never offers a page that refuses it. Anyone else gets 404, like a missing page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from employees.selectors.probation import is_line_manager
from hrflow.accounts.models import User


def manager_or_permission_view(permission: str) -> Callable[..., Any]:
    """Signed in, and holding `permission` through a role or managing someone today."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = cast(User, request.user)
            if not user.has_perm(permission) and not is_line_manager(user):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def is_hr(user: User) -> bool:
    """HR admins write contracts and see every detail of them."""
    return user.has_perm("employees.change_contract")
