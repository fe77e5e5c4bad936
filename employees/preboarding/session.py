"""Who is signed in to pre-boarding in this browser: the new hire's own session key.

Apart from staff sign-in (and from the candidate portal's key), so HR testing a
link in their own browser stays HR. The session lasts HRFLOW_PORTAL_IDLE_MINUTES
without a request and HRFLOW_PORTAL_MAX_HOURS at most, like the candidate
portal's, and ends when the person has left.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from employees.models import Employee
from hrflow.org.selectors import company_current

SESSION_KEY = "preboarding"
P = ParamSpec("P")


def preboarding_sign_in(request: HttpRequest, employee: Employee) -> None:
    """Start a session under a new key, so a planted one is worth nothing."""
    request.session.cycle_key()
    now = timezone.now().isoformat()
    request.session[SESSION_KEY] = {"employee": employee.pk, "since": now, "seen": now}


def preboarding_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def preboarding_employee(request: HttpRequest) -> Employee | None:
    """The signed-in new hire, or None (never signed in, expired, or left)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    now = timezone.now()
    try:
        since = datetime.fromisoformat(data["since"])
        seen = datetime.fromisoformat(data["seen"])
        employee_id = int(data["employee"])
    except (KeyError, TypeError, ValueError):
        request.session.pop(SESSION_KEY, None)
        return None
    idle = timedelta(minutes=settings.HRFLOW_PORTAL_IDLE_MINUTES)
    longest = timedelta(hours=settings.HRFLOW_PORTAL_MAX_HOURS)
    employee = Employee.objects.filter(pk=employee_id, left_on__isnull=True).first()
    if now - since > longest or now - seen > idle or employee is None:
        request.session.pop(SESSION_KEY, None)
        return None
    data["seen"] = now.isoformat()
    request.session[SESSION_KEY] = data
    return employee


def new_hire_required(
    view: Callable[Concatenate[HttpRequest, Employee, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """The view gets the signed-in new hire; others see the page that asks for a link.

    Every query of these views starts from that employee, so another
    person's ids find nothing (404).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        employee = preboarding_employee(request)
        if employee is None:
            return render(request, "employees/preboarding/signed_out.html", status=403)
        response = view(request, employee, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapper


def welcome_context(employee: Employee | None, section: str = "home", **extra: Any) -> dict:  # type: ignore[type-arg]
    return {
        "new_hire": employee,
        "company_name": company_current().company_name,
        "section": section,
        **extra,
    }
