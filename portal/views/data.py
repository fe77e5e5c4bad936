"""The portal's "My data" pages: what we hold, a download of all of it, and erasure.

Every page works on the signed-in candidate only (there is no id in the
address), so the export is always the candidate's own.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.core.errors import ApplicationError
from portal.session import candidate_required, portal_context, portal_sign_out
from recruiting.models import Application, Candidate, DeletionRequest
from recruiting.privacy.erasure import candidate_has_active_process, deletion_request_create
from recruiting.privacy.export import candidate_data_export, candidate_data_summary
from recruiting.selectors.portal import portal_applications


def _context(candidate: Candidate | None, **extra: object) -> dict[str, object]:
    return portal_context(candidate, "data", **extra)


@candidate_required
@require_GET
def my_data_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    requests = list(candidate.deletion_requests.order_by("-created_at", "-pk")[:1])
    latest = requests[0] if requests else None
    context = _context(
        candidate,
        counts=candidate_data_summary(candidate),
        pending=latest if latest and latest.status == DeletionRequest.Status.PENDING else None,
        declined=latest if latest and latest.status == DeletionRequest.Status.DECLINED else None,
    )
    return render(request, "portal/my_data.html", context)


@candidate_required
@require_GET
def export_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    try:
        archive = candidate_data_export(candidate)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("portal:my-data")
    name = f"my-data-{timezone.localdate():%Y%m%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@candidate_required
@require_http_methods(["GET", "POST"])
def erase_view(request: HttpRequest, candidate: Candidate) -> HttpResponse:
    """A confirm page that says what will happen; the POST asks for the erasure."""
    active = list(
        portal_applications(candidate)
        .filter(status=Application.Status.ACTIVE)
        .select_related("job")
        .order_by("applied_at")
    )
    context = _context(
        candidate,
        active_applications=active,
        needs_hr=candidate_has_active_process(candidate),
        error="",
    )
    if request.method == "GET":
        return render(request, "portal/erase.html", context)
    if request.POST.get("confirm") != "yes":
        context["error"] = _("Tick the box to confirm that you want your data erased.")
        return render(request, "portal/erase.html", context, status=400)
    try:
        deletion = deletion_request_create(candidate=candidate)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("portal:my-data")
    if deletion.status == DeletionRequest.Status.DONE:
        # The person is gone from our records: the session goes with them.
        portal_sign_out(request)
        return render(request, "portal/erase.html", _context(None, erased=True))
    messages.success(
        request,
        _("We have your request. Our HR team confirms it soon; we show their answer here."),
    )
    return redirect("portal:my-data")
