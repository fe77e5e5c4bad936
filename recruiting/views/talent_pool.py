"""The talent pool: archived candidates, searchable, recalled into another job in one action."""

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id
from recruiting.models import Application, RejectionReason
from recruiting.selectors.candidates import talent_pool
from recruiting.selectors.jobs import recruitable_jobs
from recruiting.services.applications import talent_pool_recall
from recruiting.views.access import report_error, workspace_view
from recruiting.views.paging import open_page


@workspace_view("recruiting.view_application")
@require_GET
def talent_pool_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    q = request.GET.get("q", "")[:200]
    reason = request.GET.get("reason", "")[:40]
    # No total count: the pool holds most past applications (600,000 of a million).
    page = open_page(talent_pool(viewer=user, q=q, reason=reason), request.GET.get("page"), 25)
    context = {
        "page": page,
        "q": q,
        "reason": reason,
        "reasons": RejectionReason.objects.all(),
        # Hiring managers look through the pool; recalling is HR's and recruiters' work.
        "can_recall": user.has_perm("recruiting.add_application"),
        "jobs": list(recruitable_jobs(viewer=user)),
    }
    return render(request, "recruiting/talent_pool/list.html", context)


@workspace_view("recruiting.add_application")
@require_POST
def talent_pool_recall_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    application = get_scoped_or_404(Application.objects.in_talent_pool(), user, pk=pk)
    job_id = parse_id(request.POST.get("job"))
    if job_id is None:
        # The form has no job chosen by default, so a misclick recalls nobody.
        messages.error(request, _("Choose the job to recall the candidate into."))
        return redirect("recruiting:talent-pool")
    job = recruitable_jobs(viewer=user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    try:
        recalled = talent_pool_recall(application=application, job=job, actor=user)
    except ApplicationError as error:
        report_error(request, error)
        return redirect("recruiting:talent-pool")
    messages.success(
        request,
        _("%(name)s is now in %(job)s.")
        % {"name": application.candidate.full_name, "job": job.title},
    )
    return redirect("recruiting:candidate-detail", pk=recalled.candidate_id)
