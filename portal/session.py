"""Who is signed in to the candidate portal in this browser, and for how long.

The portal keeps its own key in Django's session, apart from staff sign-in, so
a recruiter testing the portal in their own browser stays a recruiter. A portal
session ends after SESSION_IDLE without a request or SESSION_MAX after sign-in,
whichever comes first, and whenever the candidate's record is erased or merged.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, Concatenate, ParamSpec
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from hrflow.org.selectors import company_current
from recruiting.models import Candidate

SESSION_KEY = "portal"
P = ParamSpec("P")


def session_idle() -> timedelta:
    return timedelta(minutes=settings.HRFLOW_PORTAL_IDLE_MINUTES)


def session_max() -> timedelta:
    return timedelta(hours=settings.HRFLOW_PORTAL_MAX_HOURS)


def portal_sign_in(request: HttpRequest, candidate: Candidate) -> None:
    """Start a portal session: a new session key, so a planted one is worth nothing."""
    request.session.cycle_key()
    now = timezone.now().isoformat()
    request.session[SESSION_KEY] = {"candidate": candidate.pk, "since": now, "seen": now}


def portal_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def portal_candidate(request: HttpRequest) -> Candidate | None:
    """The signed-in candidate, or None (never signed in, expired, erased or merged)."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    now = timezone.now()
    try:
        since, seen = datetime.fromisoformat(data["since"]), datetime.fromisoformat(data["seen"])
    except (KeyError, TypeError, ValueError):
        request.session.pop(SESSION_KEY, None)
        return None
    if now - since > session_max() or now - seen > session_idle():
        request.session.pop(SESSION_KEY, None)
        return None
    candidate_id = data.get("candidate")
    if not isinstance(candidate_id, int):
        request.session.pop(SESSION_KEY, None)
        return None
    candidate = Candidate.objects.live().filter(pk=candidate_id, erased_at__isnull=True).first()
    if candidate is None:
        request.session.pop(SESSION_KEY, None)
        return None
    data["seen"] = now.isoformat()
    request.session[SESSION_KEY] = data
    return candidate


def candidate_required(
    view: Callable[Concatenate[HttpRequest, Candidate, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """The view gets the signed-in candidate as its second argument; others go to sign-in.

    Every portal query starts from that candidate, so another candidate's ids
    simply find nothing (404).
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        candidate = portal_candidate(request)
        if candidate is None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('portal:sign-in')}?{query}")
        response = view(request, candidate, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapper


def safe_next(request: HttpRequest, target: Any) -> str:
    """Where to go after sign-in: a portal path from `next`, else the portal home."""
    home = reverse("portal:home")
    if not isinstance(target, str) or not target.startswith("/portal/"):
        return home
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return home
    return target


def portal_context(candidate: Candidate | None, section: str = "home", **extra: Any) -> dict:
    """What every portal page's layout reads: who is signed in, the company, the menu item."""
    return {
        "candidate": candidate,
        "company_name": company_current().company_name,
        "portal_section": section,
        **extra,
    }
