"""Candidate search, the profile, and what HR does there (notes, tags, scores, files, merge)."""

import secrets
from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from employees.links import employee_page_url
from employees.models import Employee
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id
from hrflow.core.request_body import accepts_upload
from hrflow.web.htmx import HtmxHttpRequest
from recruiting.candidate_filters import CandidateFilterForm
from recruiting.downloads import resume_download
from recruiting.forms import NoteForm, ResumeForm, TagsForm, WrittenTestForm
from recruiting.interviews.selectors import profile_interview_cards
from recruiting.models import Application, Candidate, Resume
from recruiting.resume_reading.selectors import profile_resume_fields, profile_resume_matches
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.screening.rescreening import written_test_enter
from recruiting.screening.services import decision_explain, dimension_names_for
from recruiting.selectors.candidate_list import candidate_list_page, candidate_list_total
from recruiting.selectors.candidates import Profile, candidate_profile, resume_get
from recruiting.selectors.jobs import workable_job_ids
from recruiting.services.candidates import candidate_merge, candidate_set_tags, note_add
from recruiting.services.resumes import resume_accept, resume_attach
from recruiting.views.access import application_for_work, report_error, workspace_view
from recruiting.views.paging import open_page

CANDIDATES_PER_PAGE = 25


@workspace_view("recruiting.view_candidate")
@require_GET
def candidate_list_view(request: HtmxHttpRequest) -> HttpResponse:
    viewer = cast(User, request.user)
    form = CandidateFilterForm(request.GET, viewer=viewer)
    filters = form.filters()

    def results(start: int, stop: int) -> list[Candidate]:
        return candidate_list_page(viewer=viewer, filters=filters, start=start, stop=stop)

    page = open_page(results, request.GET.get("page"), CANDIDATES_PER_PAGE)
    context = {
        "page": page,
        "form": form,
        "filters": filters,
        # Counted only up to a cap: on a broad search an exact count costs more than the page.
        "total": candidate_list_total(viewer=viewer, filters=filters),
        "q": filters.q,
        "tag": filters.tag,
    }
    template = (
        "recruiting/candidates/_list_results.html"
        if request.htmx
        else "recruiting/candidates/list.html"
    )
    return render(request, template, context)


@workspace_view("recruiting.view_candidate")
@require_GET
def candidate_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    profile = candidate_profile(viewer=user, pk=pk)
    jobs = workable_job_ids(user, [a.job_id for a in profile.applications])
    workable = {a.pk for a in profile.applications if a.job_id in jobs}
    decisions = [d for listed in profile.decisions.values() for d in listed]
    dimension_names = dimension_names_for(decisions)
    for decision in decisions:
        decision.explained = decision_explain(decision, dimension_names=dimension_names)  # type: ignore[attr-defined]
    context = {
        "profile": profile,
        "candidate": profile.candidate,
        "workable": workable,
        "note_form": NoteForm(),
        "tags_form": TagsForm(initial={"tags": ", ".join(t.name for t in profile.tags)}),
        "resume_form": ResumeForm(),
        "can_edit": user.has_perm("recruiting.change_candidate") and bool(workable),
        "can_merge": user.has_perm("recruiting.merge_candidate"),
        "max_resume_mb": MAX_RESUME_BYTES // (1024 * 1024),
        "interview_cards": profile_interview_cards(
            viewer=user,
            applications=[a for a in profile.applications if profile.has(a, "interviews")],
        ),
        "resume_fields": profile_resume_fields(viewer=user, resumes=_all_resumes(profile)),
        "resume_matches": profile_resume_matches(
            applications=profile.applications, resumes=_all_resumes(profile)
        ),
        "hired_as": hired_as(profile.applications),
        # Names a message written on this page, so sending it twice queues it once.
        "message_key": secrets.token_hex(12),
    }
    return render(request, "recruiting/candidates/detail.html", context)


def hired_as(applications: list[Application]) -> dict[int, dict[str, str]]:
    """{application id: the employee's number and page} for the hired ones, one query."""
    hired = [a.pk for a in applications if a.status == Application.Status.HIRED]
    if not hired:
        return {}
    rows = Employee.objects.filter(source_application_id__in=hired).values_list(
        "source_application_id", "pk", "number"
    )
    return {
        cast(int, application_id): {"number": number, "url": employee_page_url(number)}
        for application_id, pk, number in rows
    }


def _all_resumes(profile: Profile) -> list[Resume]:
    """The person's own resumes and the files sent with applications the viewer sees."""
    return [*profile.resumes, *(r for sent in profile.unconfirmed_resumes.values() for r in sent)]


def _candidate_for_edit(request: HttpRequest, pk: int) -> Candidate:
    user = cast(User, request.user)
    candidate = get_scoped_or_404(Candidate.objects.all(), user, pk=pk)
    job_ids = list(Application.objects.filter(candidate=candidate).values_list("job_id", flat=True))
    if not workable_job_ids(user, job_ids):
        raise Http404
    return candidate


@workspace_view("recruiting.add_note")
@require_POST
def candidate_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_scoped_or_404(Candidate.objects.all(), cast(User, request.user), pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(
                candidate=candidate, body=form.cleaned_data["body"], author=cast(User, request.user)
            )
        except ApplicationError as error:
            report_error(request, error)
    else:
        messages.error(request, _("A note cannot be empty."))
    return redirect("recruiting:candidate-detail", pk=candidate.pk)


@workspace_view("recruiting.change_candidate")
@require_POST
def candidate_tags_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate_for_edit(request, pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        try:
            candidate_set_tags(
                candidate=candidate, names=form.tag_names(), actor=cast(User, request.user)
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Tags saved."))
    return redirect("recruiting:candidate-detail", pk=candidate.pk)


@accepts_upload(max_file_bytes=MAX_RESUME_BYTES)
@workspace_view("recruiting.change_candidate")
@require_POST
def candidate_resume_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate_for_edit(request, pk)
    form = ResumeForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("recruiting:candidate-detail", pk=candidate.pk)
    upload = form.cleaned_data["resume"]
    if upload.size > MAX_RESUME_BYTES:
        messages.error(
            request,
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_RESUME_BYTES // (1024 * 1024)},
        )
        return redirect("recruiting:candidate-detail", pk=candidate.pk)
    try:
        resume_attach(
            candidate=candidate,
            name=upload.name,
            data=upload.read(),
            actor=cast(User, request.user),
        )
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(request, _("Resume uploaded."))
    return redirect("recruiting:candidate-detail", pk=candidate.pk)


@workspace_view("recruiting.change_candidate")
@require_POST
def resume_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    """HR makes a file sent with an application the candidate's own resume (audited)."""
    user = cast(User, request.user)
    resume = resume_get(viewer=user, pk=pk)
    # Someone who works on the job it was sent to: they can judge whose it is.
    if resume.sent_with is None or not workable_job_ids(user, [resume.sent_with.job_id]):
        raise Http404
    try:
        resume_accept(resume=resume, actor=user)
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(request, _("The file is now the candidate's resume."))
    return redirect("recruiting:candidate-detail", pk=resume.candidate_id)


@workspace_view("recruiting.view_candidate")
@require_GET
def resume_download_view(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a resume only to staff who may see its candidate, always as a download."""
    resume = resume_get(viewer=cast(User, request.user), pk=pk)
    return resume_download(resume)


@workspace_view("recruiting.add_assessment")
@require_POST
def written_test_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    application = application_for_work(request, pk)
    form = WrittenTestForm(request.POST)
    if form.is_valid():
        try:
            written_test_enter(
                application=application, score=form.cleaned_data["score"], actor=user
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("Written test score saved."))
    else:
        messages.error(request, _("Enter a score between 0 and 100."))
    return redirect("recruiting:candidate-detail", pk=application.candidate_id)


@workspace_view("recruiting.merge_candidate")
@require_POST
def candidate_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    keep = get_scoped_or_404(Candidate.objects.all(), user, pk=pk)
    other = get_scoped_or_404(
        Candidate.objects.all(), user, pk=parse_id(request.POST.get("merge")) or 0
    )
    try:
        candidate_merge(keep=keep, merge=other, actor=user)
    except ApplicationError as error:
        report_error(request, error)
    else:
        messages.success(request, _("The two records are now one."))
    return redirect("recruiting:candidate-detail", pk=keep.pk)
