"""HR's side of erasure requests: the queue of pending ones, and the decision.

HR admins see every request; recruiters those of candidates who applied to a
job they recruit for; anyone else, and any request outside that scope, gets 404.
"""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import scoped
from hrflow.core.errors import ApplicationError
from recruiting.models import Application, Candidate, DeletionRequest
from recruiting.privacy.erasure import (
    NOTE_MAX,
    deletion_confirm_refusal,
    deletion_request_decide,
)
from recruiting.privacy.erasure_preview import erasure_preview
from recruiting.selectors.jobs import workable_jobs
from recruiting.views.access import report_error, workspace_view

PAGE_SIZE = 50


def _visible_requests(user: User) -> QuerySet[DeletionRequest]:
    """Requests the user may decide: all for HR admins, their jobs' candidates' for
    recruiters, none for anyone else."""
    requests = DeletionRequest.objects.all()
    if user.has_role(Role.HR_ADMIN):
        return requests
    if not user.has_role(Role.RECRUITER):
        return requests.none()
    theirs = scoped(Candidate.objects.all(), user).filter(applications__job__recruiters=user)
    return requests.filter(candidate__in=theirs.values("pk"))


@workspace_view("recruiting.change_candidate")
@require_GET
def deletion_list_view(request: HttpRequest) -> HttpResponse:
    """Pending requests, oldest first, each with the candidate's applications in progress
    in the viewer's jobs, and how many more are open elsewhere (titles withheld)."""
    user = cast(User, request.user)
    theirs = workable_jobs(viewer=user)
    elsewhere = Q(candidate__applications__status=Application.Status.ACTIVE) & ~Q(
        candidate__applications__job__in=theirs
    )
    pending = (
        _visible_requests(user)
        .filter(status=DeletionRequest.Status.PENDING)
        .select_related("candidate")
        .annotate(open_elsewhere=Count("candidate__applications", filter=elsewhere))
        .prefetch_related(
            Prefetch(
                "candidate__applications",
                queryset=Application.objects.active()
                .filter(job__in=theirs)
                .select_related("job")
                .order_by("applied_at"),
                to_attr="active_applications",
            )
        )
        .order_by("created_at", "pk")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "recruiting/deletion_requests/list.html", {"page": page, "note_max": NOTE_MAX}
    )


@workspace_view("recruiting.change_candidate")
@require_POST
def deletion_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    deletion = _visible_requests(user).filter(pk=pk).first()
    if deletion is None:
        raise Http404
    back_to_queue = request.POST.get("next") == "queue"
    decision = request.POST.get("decision")
    if decision == "confirm" and request.POST.get("confirmed") != "yes":
        # Erasure cannot be undone: the first press shows what it takes away, and
        # only the second (from that page, with `confirmed`) erases. Without
        # JavaScript the same: this is a page, not a dialog.
        refusal = deletion_confirm_refusal(request=deletion, actor=user)
        if refusal is None:
            return _confirmation(request, deletion, back_to_queue)
        messages.error(request, refusal)
    elif decision not in ("confirm", "decline"):
        messages.error(request, _("Choose whether to erase the data or decline."))
    else:
        try:
            deletion_request_decide(
                request=deletion,
                confirm=decision == "confirm",
                note=request.POST.get("note", ""),
                actor=user,
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(
                request,
                _("The candidate's data has been erased.")
                if decision == "confirm"
                else _("Request declined; the candidate sees your note in their portal."),
            )
    if back_to_queue:
        return redirect("recruiting:deletion-requests")
    return redirect("recruiting:candidate-detail", pk=deletion.candidate_id)


def _confirmation(
    request: HttpRequest, deletion: DeletionRequest, back_to_queue: bool
) -> HttpResponse:
    candidate = deletion.candidate
    context = {
        "deletion": deletion,
        "candidate": candidate,
        "preview": erasure_preview(candidate=candidate, viewer=cast(User, request.user)),
        "back_to_queue": back_to_queue,
        "cancel_url": reverse("recruiting:deletion-requests")
        if back_to_queue
        else reverse("recruiting:candidate-detail", args=[candidate.pk]),
    }
    return render(request, "recruiting/deletion_requests/confirm.html", context)
