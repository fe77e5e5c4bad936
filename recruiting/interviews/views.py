"""Interview pages: schedule, change and cancel from the profile; the interview list;
an interview's page with its scorecards; the scorecard form; the candidate's answer page.

Staff pages answer 404 to anyone outside the interview's scope (an
interviewer sees only the interviews they sit on). The answer page is public:
its signed link is the only key, and it shows nothing beyond what the
candidate's own invitation said.
"""

from typing import Any, cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.accounts.models import User
from hrflow.competencies.models import Dimension
from hrflow.core.errors import ApplicationError
from hrflow.org.selectors import company_current
from recruiting.downloads import resume_download
from recruiting.interviews import scorecards
from recruiting.interviews.forms import (
    CancelForm,
    InterviewForm,
    RespondForm,
    ScorecardForm,
)
from recruiting.interviews.notices import interview_values
from recruiting.interviews.rescreening import interview_change, scorecard_submit
from recruiting.interviews.selectors import (
    interview_cards,
    interview_get,
    interview_get_for_panelist,
    interview_list,
)
from recruiting.interviews.services import (
    interview_cancel,
    interview_from_token,
    interview_respond,
    interview_schedule,
    respond_problem,
)
from recruiting.models import Application, Assessment, Candidate, Interview
from recruiting.selectors.candidates import resume_for_application
from recruiting.selectors.jobs import user_can_work_on
from recruiting.views.access import (
    application_for_work,
    form_errors_from,
    report_error,
    workspace_view,
)
from recruiting.views.paging import open_page

INTERVIEWS_PER_PAGE = 30


def _company_zone() -> ZoneInfo:
    return company_current().zone


def _profile_url(application: Application) -> str:
    return reverse("recruiting:candidate-detail", args=[application.candidate_id]) + "#interviews"


@workspace_view("recruiting.add_interview")
@require_http_methods(["GET", "POST"])
def interview_schedule_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    application = application_for_work(request, pk)
    # The form reads and shows times in the company's zone, as the candidate is told.
    with timezone.override(_company_zone()):
        form = InterviewForm(request.POST or None, job=application.job)
        if request.method == "POST" and form.is_valid():
            try:
                interview_schedule(application=application, plan=form.plan(), actor=user)
            except ApplicationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request, _("Interview scheduled; the invitations are on their way.")
                )
                return redirect(_profile_url(application))
        return render(
            request,
            "recruiting/interviews/form.html",
            {"form": form, "application": application, "interview": None},
        )


def _interview_for_change(request: HttpRequest, pk: int) -> Interview:
    user = cast(User, request.user)
    interview = interview_get(viewer=user, pk=pk)
    if not user_can_work_on(user, interview.application.job):
        raise Http404
    return interview


@workspace_view("recruiting.change_interview")
@require_http_methods(["GET", "POST"])
def interview_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview_for_change(request, pk)
    application = interview.application
    if interview.status != Interview.Status.SCHEDULED:
        messages.error(request, _("Only a scheduled interview can be changed."))
        return redirect("recruiting:interview-detail", pk=interview.pk)
    with timezone.override(_company_zone()):
        form = InterviewForm(
            request.POST or None, job=application.job, initial=InterviewForm.initial_for(interview)
        )
        if request.method == "POST" and form.is_valid():
            try:
                interview_change(
                    interview=interview, plan=form.plan(), actor=cast(User, request.user)
                )
            except ApplicationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, _("Interview saved; whoever it concerns is told."))
                return redirect(_profile_url(application))
        return render(
            request,
            "recruiting/interviews/form.html",
            {"form": form, "application": application, "interview": interview},
        )


@workspace_view("recruiting.change_interview")
@require_http_methods(["GET", "POST"])
def interview_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview_for_change(request, pk)
    if interview.status != Interview.Status.SCHEDULED:
        messages.error(request, _("Only a scheduled interview can be cancelled."))
        return redirect("recruiting:interview-detail", pk=interview.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview_cancel(
                interview=interview,
                actor=cast(User, request.user),
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            report_error(request, error)
        else:
            messages.success(
                request, _("Interview cancelled; the candidate and the panel are told.")
            )
        return redirect(_profile_url(interview.application))
    with timezone.override(_company_zone()):
        return render(
            request, "recruiting/interviews/cancel.html", {"form": form, "interview": interview}
        )


@workspace_view("recruiting.view_interview")
@require_GET
def interview_list_view(request: HttpRequest) -> HttpResponse:
    """The viewer's own interviews; people who follow jobs may also list their team's."""
    user = cast(User, request.user)
    can_see_team = user.has_perm("recruiting.view_application")
    mine = not (can_see_team and request.GET.get("scope") == "team")
    upcoming = request.GET.get("when") != "past"
    rows = interview_list(viewer=user, mine=mine, upcoming=upcoming, now=timezone.now())
    page = open_page(rows, request.GET.get("page"), INTERVIEWS_PER_PAGE)
    context = {
        "page": page,
        "cards": interview_cards(viewer=user, interviews=page.object_list),
        "mine": mine,
        "upcoming": upcoming,
        "can_see_team": can_see_team,
        "now": timezone.now(),
    }
    return render(request, "recruiting/interviews/list.html", context)


@workspace_view("recruiting.view_interview")
@require_GET
def interview_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    interview = interview_get(viewer=user, pk=pk)
    [card] = interview_cards(viewer=user, interviews=[interview], with_dimensions=True)
    context = {
        "interview": interview,
        "card": card,
        "my_seat": card.seat_of(user),
        "can_change": user.has_perm("recruiting.change_interview")
        and interview.status == Interview.Status.SCHEDULED
        and user_can_work_on(user, interview.application.job),
        "can_open_profile": user.has_perm("recruiting.view_candidate"),
        "scorecard_open": interview.starts_at <= timezone.now()
        and interview.status != Interview.Status.CANCELLED,
        "resume": resume_for_application(interview.application),
    }
    return render(request, "recruiting/interviews/detail.html", context)


@workspace_view("recruiting.view_interview")
@require_GET
def interview_resume_view(request: HttpRequest, pk: int) -> FileResponse:
    """The candidate's latest resume for this application, for whoever may see the interview.

    Interviewers cannot open candidate profiles; the interview they sit on is
    what entitles them to the resume, so access goes through its scope. A file
    sent with another application, not yet confirmed as the person's, is not
    theirs to read (resume_for_application).
    """
    interview = interview_get(viewer=cast(User, request.user), pk=pk)
    resume = resume_for_application(interview.application)
    if resume is None:
        raise Http404
    return resume_download(resume)


def _scorecard_dimensions() -> list[Dimension]:
    found = {d.code: d for d in Dimension.objects.filter(code__in=scorecards.DEFAULT_DIMENSIONS)}
    return [found[code] for code in scorecards.DEFAULT_DIMENSIONS if code in found]


@workspace_view("recruiting.view_interview")
@require_http_methods(["GET", "POST"])
def interview_scorecard_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    interview = interview_get_for_panelist(viewer=user, pk=pk)
    mine = Assessment.objects.filter(
        source=scorecards.SOURCE, external_id=scorecards.external_id(interview.pk, user.pk)
    ).first()
    initial = ScorecardForm.initial_from(mine) if mine is not None else None
    form = ScorecardForm(request.POST or None, dimensions=_scorecard_dimensions(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            scorecard_submit(interview=interview, interviewer=user, card=form.card())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Scorecard saved. Thank you."))
            return redirect("recruiting:interview-detail", pk=interview.pk)
    context = {
        "interview": interview,
        "form": form,
        "submitted": mine,
        "rating_labels": scorecards.RATING_LABELS,
        "opens": interview.starts_at > timezone.now(),
        "cancelled": interview.status == Interview.Status.CANCELLED,
    }
    return render(request, "recruiting/interviews/scorecard.html", context)


def _respond_language(request: HttpRequest, candidate: Candidate | None) -> str:
    """The language the visitor picked on the page, else the candidate's own."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    if candidate is not None and candidate.language:
        return candidate.language
    return str(settings.LANGUAGE_CODE)


@never_cache
@require_http_methods(["GET", "POST"])
def interview_respond_view(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate confirms or asks for another time, from the link in their invitation."""
    try:
        interview, sequence = interview_from_token(token)
    except ApplicationError as error:
        return _respond_page(request, None, {"problem": error.message}, status=404)
    candidate = interview.application.candidate
    problem = ""
    try:
        respond_problem(interview, sequence=sequence)
    except ApplicationError as error:
        problem = error.message
    language = _respond_language(request, candidate)
    with translation.override(language):
        form = RespondForm(request.POST or None)
        if request.method == "POST" and not problem and form.is_valid():
            try:
                interview_respond(
                    interview=interview,
                    sequence=sequence,
                    answer=form.cleaned_data["answer"],
                    note=form.cleaned_data["note"],
                    preferred_times=form.cleaned_data["preferred_times"],
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you, we have your answer."))
                return redirect(request.path)
        context: dict[str, Any] = {"interview": interview, "form": form, "problem": problem}
        return _respond_page(request, interview, context, language=language)


def _respond_page(
    request: HttpRequest,
    interview: Interview | None,
    context: dict[str, Any],
    *,
    language: str | None = None,
    status: int = 200,
) -> HttpResponse:
    language = language or _respond_language(request, None)
    company = company_current()
    with translation.override(language), timezone.override(company.zone):
        if interview is not None:
            context["values"] = interview_values(interview, language=language)
        context["company_name"] = company.company_name
        response = render(request, "recruiting/interviews/respond.html", context, status=status)
    # The page names a person and carries a key in its address: no caches (never_cache)
    # and no indexing. The site's "same-origin" referrer policy already keeps the key
    # from the meeting host; "no-referrer" would make the browser send "Origin: null"
    # with the form, which the CSRF check rightly refuses.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
