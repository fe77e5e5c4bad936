"""The page behind the approver's one-tap link (the notice's e-mail or a team-chat robot).

GET never decides: chat apps fetch a posted link to preview it. It shows the
request and Approve / Decline buttons; the POST goes to the same services as the
Approvals page, so the ledger, the audit trail and the employee's notice follow
alike. A link that is altered, expired, someone else's, or for a request decided
or changed since, gets a page that says so (4xx) and changes nothing.
"""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from employees.attendance.corrections import punch_correction_decide
from employees.attendance.overtime import overtime_decide
from employees.leave.requests import leave_request_approve, leave_request_decline
from employees.timepages.approval_links import Decidable, Kind, kind_of
from employees.timepages.forms import DeclineForm
from employees.timepages.selectors import approval_link_request
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError

NAV = "employees:time-approvals"
TEMPLATE = "employees/time/approval_link.html"
# Why a link is refused, as the status its page answers with.
STATUS_FOR_REASON = {
    "invalid": 404,
    "gone": 404,
    "expired": 410,
    "other_user": 403,
    "not_yours": 403,
    "decided": 409,
    "changed": 409,
}

Decide = Callable[[Any, User, str], Any]
# Each kind's decision: the services the Approvals page calls (request, actor, note).
DECISIONS: dict[Kind, tuple[Decide, Decide]] = {
    Kind.LEAVE: (
        lambda r, u, note: leave_request_approve(request=r, actor=u),
        lambda r, u, note: leave_request_decline(request=r, actor=u, note=note),
    ),
    Kind.OVERTIME: (
        lambda r, u, note: overtime_decide(request=r, approve=True, actor=u),
        lambda r, u, note: overtime_decide(request=r, approve=False, actor=u, note=note),
    ),
    Kind.CORRECTION: (
        lambda r, u, note: punch_correction_decide(correction=r, approve=True, actor=u),
        lambda r, u, note: punch_correction_decide(correction=r, approve=False, actor=u, note=note),
    ),
}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def approval_link_view(request: HttpRequest, token: str) -> HttpResponse:
    user = cast(User, request.user)
    try:
        row = approval_link_request(token=token, user=user, on=timezone.localdate())
    except ApplicationError as error:
        reason = str(error.extra.get("reason", ""))
        context = {"problem": error.message, "reason": reason}
        return _page(request, context, STATUS_FOR_REASON.get(reason, 400))
    if request.method == "POST":
        return _decide(request, row, user)
    return _page(request, {"row": row, "kind": kind_of(row).value, "decline_form": DeclineForm()})


def _decide(request: HttpRequest, row: Decidable, user: User) -> HttpResponse:
    approve, decline = DECISIONS[kind_of(row)]
    form = DeclineForm(request.POST)
    approving = request.POST.get("decision") == "approve"
    context: dict[str, Any] = {"row": row, "kind": kind_of(row).value, "decline_form": form}
    if not approving and not form.is_valid():
        context["refusal"] = _("Say in a few words why it is declined.")
        return _page(request, context, 400)
    try:
        if approving:
            approve(row, user, "")
        else:
            decline(row, user, form.cleaned_data["note"])
    except ApplicationError as error:
        context["refusal"] = error.message
        return _page(request, context, 400)
    messages.success(
        request, _("Approved.") if approving else _("Declined; the employee is told why.")
    )
    return redirect(NAV)


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, TEMPLATE, {**context, "nav_current": NAV}, status=status)
    # The address carries a signed token: keep it out of search indexes.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
