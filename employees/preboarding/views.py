"""The new hire's pre-boarding pages, at /employees/welcome/ (phone first).

Opening a link shows a page with a button; only pressing it (a POST) spends the
link, so a mail scanner opening every link cannot use it up. Every other page
needs the pre-boarding session and reads only the signed-in person's rows.
"""

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.models import Employee, EmployeeDocument, OnboardingPlan, Policy
from employees.preboarding.forms import (
    BankForm,
    DetailsForm,
    EmergencyForm,
    IdentityForm,
    ServiceForm,
    UploadForm,
)
from employees.preboarding.session import (
    new_hire_required,
    preboarding_sign_in,
    preboarding_sign_out,
    welcome_context,
)
from employees.selectors.onboarding import employee_start_job, first_day_tasks
from employees.selectors.preboarding import (
    acknowledged,
    policies_in_force,
    preboarding_missing,
    preboarding_progress,
    uploaded_kinds,
)
from employees.services.preboarding import (
    LinkRefused,
    preboarding_bank_save,
    preboarding_details_save,
    preboarding_document_upload,
    preboarding_emergency_save,
    preboarding_finish,
    preboarding_identity_save,
    preboarding_link_check,
    preboarding_link_redeem,
    preboarding_link_renewal_ask,
    preboarding_policy_acknowledge,
    preboarding_service_save,
)
from hrflow.core.client_ip import client_ip
from hrflow.core.errors import ApplicationError
from hrflow.core.request_body import accepts_upload
from hrflow.core.upload_checks import MAX_DOCUMENT_BYTES

EDIT_PAGES = {
    "details": ("employees/preboarding/details.html", DetailsForm),
    "identity": ("employees/preboarding/identity.html", IdentityForm),
    "bank": ("employees/preboarding/bank.html", BankForm),
    "emergency": ("employees/preboarding/emergency.html", EmergencyForm),
    "service": ("employees/preboarding/service.html", ServiceForm),
}


def _plan(employee: Employee) -> OnboardingPlan | None:
    return OnboardingPlan.objects.filter(employee=employee).first()


@require_http_methods(["GET", "POST"])
def link_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            employee = preboarding_link_redeem(token=token)
            preboarding_sign_in(request, employee)
            return redirect("employees:welcome-home")
        link = preboarding_link_check(token=token)
    except LinkRefused as error:
        context = welcome_context(None, error=error.message, reason=error.reason, token=token)
        return render(request, "employees/preboarding/link_refused.html", context, status=410)
    response = render(
        request, "employees/preboarding/link.html", welcome_context(None, person=link.employee)
    )
    # The secret is in this page's address: keep it out of caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def renewal_view(request: HttpRequest, token: str) -> HttpResponse:
    """Ask HR for a new link from an expired (or used) one: HR is told once per link."""
    asked = preboarding_link_renewal_ask(token=token)
    context = welcome_context(None, asked=asked)
    return render(request, "employees/preboarding/renewal_asked.html", context)


@require_POST
def sign_out_view(request: HttpRequest) -> HttpResponse:
    preboarding_sign_out(request)
    return render(request, "employees/preboarding/signed_out.html", welcome_context(None))


@new_hire_required
@require_GET
def home_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    plan = _plan(employee)
    context = welcome_context(
        employee,
        plan=plan,
        progress=preboarding_progress(employee, plan),
        missing=preboarding_missing(employee, plan) if plan else [],
        job=employee_start_job(employee),
    )
    return render(request, "employees/preboarding/home.html", context)


def _initial(employee: Employee, page: str) -> dict:  # type: ignore[type-arg]
    """What a form shows to start with: never a sensitive value, only ordinary details."""
    if page == "details":
        return {
            "full_name": employee.full_name,
            "sex": employee.sex,
            "address": employee.address,
            "personal_email": employee.personal_email,
            "phone": employee.phone,
        }
    if page == "identity":
        return {"document_type": employee.id_document_type or Employee.IdDocument.RESIDENT_ID}
    if page == "service" and employee.prior_service_months is not None:
        return divmod_initial(employee.prior_service_months)
    return {}


def divmod_initial(months: int) -> dict[str, int]:
    years, rest = divmod(months, 12)
    return {"years": years, "months": rest}


def _save(employee: Employee, page: str, data: dict) -> None:  # type: ignore[type-arg]
    if page == "details":
        preboarding_details_save(employee=employee, **data)
    elif page == "identity":
        preboarding_identity_save(employee=employee, **data)
    elif page == "bank":
        preboarding_bank_save(employee=employee, **data)
    elif page == "service":
        preboarding_service_save(employee=employee, months=data["years"] * 12 + data["months"])


@new_hire_required
@require_http_methods(["GET", "POST"])
def edit_view(request: HttpRequest, employee: Employee, page: str) -> HttpResponse:
    """One of the detail pages: personal, ID document, bank, emergency contacts, service."""
    if page not in EDIT_PAGES:
        raise Http404
    template, form_class = EDIT_PAGES[page]
    form = form_class(request.POST or None, initial=_initial(employee, page))
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, EmergencyForm):
                preboarding_emergency_save(employee=employee, contacts=form.contacts())
            else:
                _save(employee, page, dict(form.cleaned_data))
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("Saved. Thank you."))
            return redirect("employees:welcome-home")
    context = welcome_context(employee, page, form=form)
    return render(request, template, context, status=400 if form.errors else 200)


@accepts_upload(max_file_bytes=MAX_DOCUMENT_BYTES)
@new_hire_required
@require_http_methods(["GET", "POST"])
def documents_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    plan = _plan(employee)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_DOCUMENT_BYTES:  # refused before it is read into memory
                raise ApplicationError(
                    _("The file is larger than %(mb)d MB.")
                    % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
                    extra={"field": "file"},
                )
            preboarding_document_upload(
                employee=employee,
                kind=form.cleaned_data["kind"],
                name=upload.name or "",
                data=upload.read(),
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Thank you, we have received your document."))
            return redirect("employees:welcome-documents")
    documents = EmployeeDocument.objects.filter(
        employee=employee, origin=EmployeeDocument.Origin.PREBOARDING
    )
    required = plan.required_documents if plan else []
    have = uploaded_kinds(employee)
    wanted = [
        {
            "kind": kind,
            "label": EmployeeDocument.Kind(kind).label,
            "required": kind in required,
            "done": kind in have,
        }
        for kind, _label in UploadForm.base_fields["kind"].choices  # type: ignore[attr-defined]
    ]
    context = welcome_context(employee, "documents", form=form, documents=documents, wanted=wanted)
    return render(
        request, "employees/preboarding/documents.html", context, status=400 if form.errors else 200
    )


@new_hire_required
@require_GET
def document_file_view(request: HttpRequest, employee: Employee, pk: int) -> FileResponse:
    """The new hire's own pre-boarding upload, as a download; anyone else's is 404."""
    document = cast(
        EmployeeDocument | None,
        EmployeeDocument.objects.filter(
            pk=pk, employee=employee, origin=EmployeeDocument.Origin.PREBOARDING
        ).first(),
    )
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@new_hire_required
@require_GET
def policies_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    done = acknowledged(employee)
    policies = [
        {"policy": policy, "done": (policy.consent_kind, policy.version) in done}
        for policy in policies_in_force()
    ]
    return render(
        request,
        "employees/preboarding/policies.html",
        welcome_context(employee, "policies", policies=policies),
    )


@new_hire_required
@require_http_methods(["GET", "POST"])
def policy_view(request: HttpRequest, employee: Employee, pk: int) -> HttpResponse:
    policy = Policy.objects.filter(pk=pk, is_active=True).first()
    if policy is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("read") != "yes":
            messages.error(request, _("Tick the box to confirm you have read the policy."))
        else:
            try:
                preboarding_policy_acknowledge(
                    employee=employee, policy=policy, ip=client_ip(request)
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you for reading it."))
                return redirect("employees:welcome-policies")
    done = (policy.consent_kind, policy.version) in acknowledged(employee)
    return render(
        request,
        "employees/preboarding/policy.html",
        welcome_context(employee, "policies", policy=policy, done=done),
    )


@new_hire_required
@require_GET
def first_day_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    context = welcome_context(
        employee, "first_day", tasks=first_day_tasks(employee), job=employee_start_job(employee)
    )
    return render(request, "employees/preboarding/first_day.html", context)


@new_hire_required
@require_POST
def finish_view(request: HttpRequest, employee: Employee) -> HttpResponse:
    try:
        preboarding_finish(employee=employee)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("All done. We look forward to your first day!"))
    return redirect("employees:welcome-home")
