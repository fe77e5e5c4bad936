"""The public careers site: the job board, a job's page with its apply form, thanks.

No sign-in anywhere here; every page shows open jobs only (draft, held and
closed jobs are 404), and what a visitor is told never depends on whether
their e-mail address is already known.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from careers.forms import ApplyForm, BoardFilterForm
from careers.stamps import (
    MAX_AGE,
    ShownStamp,
    careers_visitor,
    stamp_issue,
    stamp_read,
    stamp_spent,
    visitor_remember,
)
from hrflow.core.client_ip import client_ip
from hrflow.core.errors import ApplicationError
from hrflow.core.request_body import accepts_upload
from hrflow.org.selectors import company_current
from recruiting.models import Candidate, Job
from recruiting.questions.services import screening_answers_check
from recruiting.resumes import MAX_RESUME_BYTES
from recruiting.selectors.careers import (
    careers_channels,
    careers_departments,
    careers_job_get,
    careers_job_has_ai_interview,
    careers_job_list,
    careers_job_questions,
    careers_job_rejects_automatically,
    careers_job_takes_applications,
    careers_locations,
    careers_today,
)
from recruiting.services.careers import (
    TooManyApplications,
    careers_apply,
    careers_client_admit,
    careers_deadline_notice,
)

JOBS_PER_PAGE = 20
# The "pays at least" choices on the board, in thousands of yuan a month.
SALARY_STEPS_K = (5, 10, 15, 20, 30, 50)


def _open_job(pk: int) -> Job:
    job = careers_job_get(pk=pk)
    if job is None:
        raise Http404
    return job


def _page_language() -> str:
    language = translation.get_language() or ""
    return language if language in Candidate.Language.values else Candidate.Language.ZH_HANS


@require_GET
def job_list_view(request: HttpRequest) -> HttpResponse:
    channels = careers_channels()
    form = BoardFilterForm(request.GET, channels=channels)
    filters = form.filters()
    page = Paginator(careers_job_list(filters=filters), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "departments": careers_departments(),
        "locations": careers_locations(),
        "channels": channels,
        "educations": Job.Education.choices,
        "experiences": Job.Experience.choices,
        "salary_steps": SALARY_STEPS_K,
        "today": careers_today(),
        "company_name": company_current().company_name,
    }
    return render(request, "careers/board.html", context)


@accepts_upload(max_file_bytes=MAX_RESUME_BYTES)
@csrf_exempt  # checked below, once the client is admitted: see _apply_page
@require_http_methods(["GET", "POST"])
def job_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _open_job(pk)
    if request.method == "POST":
        # Counted before anything reads the body (the CSRF check and the form
        # both parse it): over the limit, an upload costs no parsing at all.
        try:
            careers_client_admit(ip=client_ip(request))
        except TooManyApplications:
            return _too_many(request, job)
    return _apply_page(request, job)


@csrf_protect
def _apply_page(request: HttpRequest, job: Job) -> HttpResponse:
    visitor = careers_visitor(request)
    needs_ai = careers_job_has_ai_interview(job)
    if not careers_job_takes_applications(job):
        # Past the deadline the posting stays readable; nothing sent is read.
        return _closed_page(request, job, status=409 if request.method == "POST" else 200)
    form = ApplyForm(
        request.POST or None,
        request.FILES or None,
        job=job,
        needs_ai_consent=needs_ai,
        questions=careers_job_questions(job),
        stamp=stamp_issue(visitor=visitor),
    )
    if request.method == "POST" and form.is_valid():
        answered = _apply(request, job, form, visitor)
        if answered is not None:
            return answered
    elif request.method == "POST":
        _show_answer_problems(form, job)
    context = {
        "job": job,
        "form": form,
        "needs_ai": needs_ai,
        "rejects_automatically": needs_ai and careers_job_rejects_automatically(job),
        "today": careers_today(),
        "company_name": company_current().company_name,
    }
    response = render(request, "careers/job.html", context)
    visitor_remember(response, visitor)
    return response


def _closed_page(request: HttpRequest, job: Job, status: int = 200) -> HttpResponse:
    """The posting without the form: its application deadline has passed."""
    context = {
        "job": job,
        "form": None,
        "closed_notice": careers_deadline_notice(job),
        "today": careers_today(),
        "company_name": company_current().company_name,
    }
    return render(request, "careers/job.html", context, status=status)


def _apply(request: HttpRequest, job: Job, form: ApplyForm, visitor: str) -> HttpResponse | None:
    """The answer to a valid form, or None to show the form again with what was wrong."""
    stamp = stamp_read(value=form.cleaned_data["shown"], visitor=visitor)
    if stamp.expired or stamp.from_another_visitor:
        # Said, since a person may have sent it; the form comes back with a new
        # stamp and nothing is stored.
        form.add_error(None, _stamp_refusal(stamp))
        form.restamp(stamp_issue(visitor=visitor))
        return None
    upload = form.cleaned_data["resume"]
    try:
        with stamp_spent(stamp) as seconds_to_fill:
            careers_apply(
                job=job,
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                resume_name=upload.name or "",
                # One byte over the limit is enough for the size check to refuse it.
                resume_data=upload.read(MAX_RESUME_BYTES + 1),
                consents=form.consents(),
                self_identification=form.self_identification(),
                language=_page_language(),
                ip=client_ip(request),
                honeypot=form.cleaned_data["website"],
                seconds_to_fill=seconds_to_fill,
                answers=form.answers(),
            )
    except TooManyApplications:
        return _too_many(request, job)
    except ApplicationError as error:
        _show_refusal(form, error)
        return None
    # The same page for every outcome that stored something or nothing
    # (new, known, repeated, honeypot, too fast): see recruiting.services.careers.
    return redirect(reverse("careers:job-thanks", args=[job.pk]))


def _stamp_refusal(stamp: ShownStamp) -> str:
    if stamp.expired:
        hours = int(MAX_AGE.total_seconds() // 3600)
        return _(
            "This form was opened more than %(hours)d hours ago. Please choose your resume "
            "again and send the form once more."
        ) % {"hours": hours}
    return _(
        "This form was opened in another browser window, or before your cookies were "
        "cleared. Please choose your resume again and send the form once more."
    )


def _too_many(request: HttpRequest, job: Job) -> HttpResponse:
    context = {"job": job, "company_name": company_current().company_name}
    return render(request, "careers/too_many.html", context, status=429)


def _show_refusal(form: ApplyForm, error: ApplicationError) -> None:
    """The service's refusal on the field(s) it names (answers: one per question),
    and above the form too, as the field may be far down a phone's screen."""
    fields = error.extra.get("fields") or {}
    for name, message in fields.items():
        form.add_error(name if name in form.fields else None, message)
    if fields:
        form.add_error(None, error.message)
        return
    field = error.extra.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def _show_answer_problems(form: ApplyForm, job: Job) -> None:
    """With other mistakes on the form, show what is wrong with the answers too,
    so the applicant fixes everything in one go (nothing is stored either way)."""
    try:
        screening_answers_check(job=job, answers=form.answers())
    except ApplicationError as error:
        for name, message in (error.extra.get("fields") or {}).items():
            if name in form.fields and name not in form.errors:
                form.add_error(name, message)


@require_GET
def job_thanks_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _open_job(pk)
    context = {"job": job, "company_name": company_current().company_name}
    return render(request, "careers/thanks.html", context)
