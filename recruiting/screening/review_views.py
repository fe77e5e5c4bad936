"""The review queue: decisions a screening rule left to a person, settled in bulk."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped_ids_or_404
from hrflow.core.errors import ApplicationError
from recruiting.models import RejectionReason, ScreeningDecision
from recruiting.screening.review import ReviewAction, decisions_review
from recruiting.screening.selectors import review_queue
from recruiting.screening.services import decision_explain, dimension_names_for
from recruiting.selectors.jobs import workable_jobs
from recruiting.views.access import report_error, workspace_view

PAGE_SIZE = 50


@workspace_view("recruiting.change_application")
@require_http_methods(["GET", "POST"])
def review_queue_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if request.method == "POST":
        return _settle(request, user)
    page = Paginator(review_queue(viewer=user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    dimension_names = dimension_names_for(page.object_list)
    rows = [
        {
            "decision": decision,
            "explained": decision_explain(decision, dimension_names=dimension_names),
            "waiting": now - decision.created_at,
        }
        for decision in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "actions": {action.name: action.value for action in ReviewAction},
        "reasons": RejectionReason.objects.filter(is_active=True),
    }
    return render(request, "recruiting/review/queue.html", context)


def _settle(request: HttpRequest, user: User) -> HttpResponse:
    # Decisions of jobs this person may work on; one from elsewhere refuses the lot.
    # One settled meanwhile by a colleague is no error: the service leaves it be.
    ids = scoped_ids_or_404(
        ScreeningDecision.objects.filter(application__job__in=workable_jobs(viewer=user)),
        user,
        request.POST.getlist("decision"),
    )
    try:
        action = ReviewAction(request.POST.get("action", ""))
    except ValueError:
        messages.error(request, _("Choose what to do with the selected decisions."))
        return redirect("recruiting:review-queue")
    code = request.POST.get("reason", "")
    reason = RejectionReason.objects.filter(code=code, is_active=True).first() if code else None
    try:
        settled = decisions_review(
            decision_ids=ids,
            action=action,
            actor=user,
            note=request.POST.get("note", "")[:2000],
            reason=reason,
        )
    except ApplicationError as error:
        report_error(request, error)
        return redirect("recruiting:review-queue")
    if settled:
        messages.success(request, _("%(count)s decisions settled.") % {"count": settled})
    else:
        messages.error(request, _("Select at least one decision that still waits."))
    return redirect("recruiting:review-queue")
