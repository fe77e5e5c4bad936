"""Signing in to the candidate portal: ask for a link, open it, sign out.

Opening a link shows a page with a button; only pressing it (a POST) spends the
link. Mail scanners that open every link in a message would otherwise use it
up before the candidate clicks.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hrflow.accounts.language_cookie import language_cookie_set
from hrflow.core.client_ip import client_ip
from hrflow.core.rate_limits import TooManyRequests
from hrflow.org.selectors import company_current
from portal.forms import LinkRequestForm
from portal.session import portal_candidate, portal_sign_in, portal_sign_out, safe_next
from recruiting.services.portal_access import (
    LINK_LIFETIME,
    LinkRefused,
    portal_link_inspect,
    portal_link_redeem,
    portal_link_request,
)


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


@require_http_methods(["GET", "POST"])
def sign_in_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and portal_candidate(request) is not None:
        return redirect(safe_next(request, request.GET.get("next")))
    form = LinkRequestForm(request.POST or None)
    context = {"form": form, "company_name": company_current().company_name}
    if request.method == "POST" and form.is_valid():
        try:
            portal_link_request(
                email=form.cleaned_data["email"],
                ip=client_ip(request),
                session_key=_session_key(request),
            )
        except TooManyRequests as error:
            context["error"] = error.message
            return render(request, "portal/sign_in.html", context, status=429)
        context["minutes"] = int(LINK_LIFETIME.total_seconds() // 60)
        return render(request, "portal/link_sent.html", context)
    return render(request, "portal/sign_in.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    context: dict[str, object] = {"company_name": company_current().company_name}
    try:
        if request.method == "POST":
            candidate = portal_link_redeem(token=token)
            portal_sign_in(request, candidate)
            signed_in = redirect("portal:home")
            # The portal speaks the language the candidate applied in, unless they already
            # chose one with the switch in this browser.
            if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
                language_cookie_set(signed_in, candidate.language)
            return signed_in
        info = portal_link_inspect(token=token, session_key=_session_key(request))
    except LinkRefused as error:
        context |= {"error": error.message, "reason": error.reason, "form": LinkRequestForm()}
        return render(request, "portal/link_refused.html", context, status=410)
    context |= {"candidate": info.link.candidate, "other_device": info.other_device}
    response = render(request, "portal/link.html", context)
    # The secret is in this page's address: keep it out of caches. (Other sites never see
    # it: the site-wide Referrer-Policy is same-origin. "no-referrer" here would make the
    # browser send "Origin: null" with the sign-in form, which CSRF rightly refuses.)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    portal_sign_out(request)
    return redirect("portal:sign-in")
