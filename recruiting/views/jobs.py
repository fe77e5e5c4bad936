"""Job list, job create and edit, and opening/closing a job."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hrflow.accounts.models import User
from hrflow.accounts.scoping import scoped_ids_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id, parse_int
from hrflow.web.htmx import HtmxHttpRequest
from recruiting.forms import JobCreateForm, JobForm
from recruiting.models import Job, Stage, StageKind
from recruiting.selectors.jobs import job_get, job_list, job_list_rows, user_can_work_on
from recruiting.services.jobs import job_create, job_set_stages, job_set_status, job_update
from recruiting.views.access import report_error, workspace_view

JOBS_PER_PAGE = 25


@workspace_view("recruiting.view_job")
def job_list_view(request: HtmxHttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    filters = {key: request.GET.get(key, "") for key in ("status", "channel", "q")}
    if filters["status"] not in Job.Status.values:
        filters["status"] = ""
    if filters["channel"] not in Job.Channel.values:
        filters["channel"] = ""
    page = Paginator(job_list(viewer=user, **filters), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": job_list_rows(list(page.object_list)),
        "filters": filters,
        "statuses": Job.Status.choices,
        "channels": Job.Channel.choices,
        "can_create": user.has_perm("recruiting.add_job"),
    }
    template = "recruiting/jobs/_list_results.html" if request.htmx else "recruiting/jobs/list.html"
    return render(request, template, context)


@workspace_view("recruiting.add_job")
@require_http_methods(["GET", "POST"])
def job_create_view(request: HttpRequest) -> HttpResponse:
    form = JobCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            job = job_create(
                actor=cast(User, request.user),
                recruiters=data.pop("recruiters"),
                hiring_managers=data.pop("hiring_managers"),
                template=data.pop("template"),
                **data,
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(
                request, _("The job was created as a draft. Open it to take applications.")
            )
            return redirect("recruiting:job-board", pk=job.pk)
    return render(request, "recruiting/jobs/form.html", {"form": form, "job": None})


@workspace_view("recruiting.change_job")
@require_http_methods(["GET", "POST"])
def job_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    if not user_can_work_on(user, job):
        raise Http404
    form = JobForm(request.POST or None, instance=Job.objects.get(pk=job.pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            job_update(
                job=job,
                actor=user,
                recruiters=data.pop("recruiters"),
                hiring_managers=data.pop("hiring_managers"),
                **data,
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("recruiting:job-board", pk=job.pk)
    return render(request, "recruiting/jobs/form.html", {"form": form, "job": job})


@workspace_view("recruiting.change_job")
@require_POST
def job_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    if not user_can_work_on(user, job):
        raise Http404
    status = request.POST.get("status", "")
    if status not in Job.Status.values:
        messages.error(request, _("Unknown status."))
        return redirect("recruiting:job-board", pk=job.pk)
    try:
        job = job_set_status(job=job, status=status, actor=user)
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(
            request, _("The job is now %(status)s.") % {"status": job.get_status_display()}
        )
    return redirect("recruiting:job-board", pk=job.pk)


@workspace_view("recruiting.change_job")
@require_http_methods(["GET", "POST"])
def job_stages_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the pipeline: rename, re-kind, reorder (by the number), add, or remove stages."""
    user = cast(User, request.user)
    job = job_get(viewer=user, pk=pk)
    if not user_can_work_on(user, job):
        raise Http404
    if request.method == "POST":
        try:
            job_set_stages(job=job, stages=_posted_stages(request, job), actor=user)
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Pipeline saved."))
            return redirect("recruiting:job-board", pk=job.pk)
    context = {
        "job": job,
        "stages": job.stages.all(),
        "kinds": StageKind.choices,
        "blank_rows": range(2),
    }
    return render(request, "recruiting/jobs/stages.html", context)


def _posted_stages(request: HttpRequest, job: Job) -> list[tuple[int | None, str, str]]:
    """Rows (id or None, name, kind) in the order of their position numbers; blank names drop.

    A stage id names one of this job's stages (else 404); blank is a new stage.
    """
    ids = request.POST.getlist("stage_id")
    scoped_ids_or_404(Stage.objects.filter(job=job), request.user, [i for i in ids if i.strip()])
    names = request.POST.getlist("name")
    kinds = request.POST.getlist("kind")
    positions = request.POST.getlist("position")
    if not (len(ids) == len(names) == len(kinds) == len(positions)):
        raise ApplicationError(_("The pipeline form was incomplete; reload and try again."))
    rows = []
    for index, (stage_id, name, kind, position) in enumerate(
        zip(ids, names, kinds, positions, strict=True)
    ):
        if not name.strip():
            continue
        order = parse_int(position, default=1000 + index, lowest=-1000, highest=1000)
        rows.append((order, index, parse_id(stage_id), name, kind))
    return [(stage_id, name, kind) for _order, _index, stage_id, name, kind in sorted(rows)]
