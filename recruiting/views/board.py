"""The pipeline board: columns by stage, moving cards (drag, keyboard, bulk), rejecting."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped_ids_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id, parse_int
from recruiting.forms import RejectForm
from recruiting.models import Application, Job, RejectionReason, Stage
from recruiting.selectors.board import board_column, board_columns, board_stage_count
from recruiting.selectors.jobs import job_get, user_can_work_on
from recruiting.services.applications import application_bulk_move, application_bulk_reject
from recruiting.stage_age import stage_age_label
from recruiting.views.access import job_for_work, report_error, workspace_view


@workspace_view("recruiting.view_job")
@require_GET
def board_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    context = {
        "job": job,
        "columns": board_columns(job=job),
        "can_work": user_can_work_on(user, job),
        "reasons": RejectionReason.objects.filter(is_active=True),
        "statuses": Job.Status,
    }
    return render(request, "recruiting/board/board.html", context)


@workspace_view("recruiting.view_job")
@require_GET
def board_column_view(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """The next page of a column's cards (htmx 'load more')."""
    job = job_get(viewer=cast(User, request.user), pk=pk)
    stage = get_object_or_404(Stage, pk=stage_pk, job=job)
    offset = parse_int(request.GET.get("offset"), default=0, lowest=0, highest=10**9)
    column = board_column(stage=stage, count=board_stage_count(stage=stage), offset=offset)
    return render(
        request,
        "recruiting/board/_cards.html",
        {"job": job, "column": column, "can_work": user_can_work_on(cast(User, request.user), job)},
    )


@workspace_view("recruiting.change_application")
@require_POST
def board_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one card (drag and drop or keyboard); answers JSON with the new column counts."""
    job = job_for_work(request, pk)
    user = cast(User, request.user)
    stage = get_object_or_404(Stage, pk=parse_id(request.POST.get("stage")) or 0, job=job)
    ids = _job_applications(request, job, "application")
    if not ids:
        return JsonResponse({"message": _("Choose a card to move.")}, status=400)
    try:
        moved = application_bulk_move(application_ids=ids, to_stage=stage, actor=user).moved
    except ApplicationError as error:
        return JsonResponse({"message": error.message}, status=400)
    counts = {s.pk: board_stage_count(stage=s) for s in job.stages.all()}
    # The moved cards' new "in this stage" words, for the page to show without a reload.
    entered = Application.objects.filter(pk__in=ids).values_list("pk", "stage_entered_at")
    ages = {pk: stage_age_label(when) for pk, when in entered}
    return JsonResponse({"moved": moved, "counts": counts, "stage_ages": ages})


@workspace_view("recruiting.change_application")
@require_POST
def board_bulk_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move or reject the selected cards in one action."""
    job = job_for_work(request, pk)
    user = cast(User, request.user)
    ids = _job_applications(request, job, "applications")
    if not ids:
        messages.error(request, _("Select at least one card first."))
        return redirect("recruiting:job-board", pk=job.pk)
    action = request.POST.get("action")
    try:
        if action == "move":
            stage = get_object_or_404(Stage, pk=parse_id(request.POST.get("stage")) or 0, job=job)
            count = application_bulk_move(application_ids=ids, to_stage=stage, actor=user).moved
            messages.success(
                request, _("%(count)d moved to %(stage)s.") % {"count": count, "stage": stage.name}
            )
        elif action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a reason to reject."))
                return redirect("recruiting:job-board", pk=job.pk)
            count = application_bulk_reject(
                application_ids=ids,
                reason=form.cleaned_data["reason"],
                actor=user,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request, _("%(count)d rejected and kept in the talent pool.") % {"count": count}
            )
        else:
            messages.error(request, _("Unknown action."))
    except ApplicationError as error:
        report_error(request, error)
    return redirect("recruiting:job-board", pk=job.pk)


def _job_applications(request: HttpRequest, job: Job, field: str) -> list[int]:
    """The applications a board form names: each one of this job and in the user's
    scope, else 404 for the whole request (another job's card is never acted on)."""
    return scoped_ids_or_404(
        Application.objects.filter(job=job), request.user, request.POST.getlist(field)
    )
