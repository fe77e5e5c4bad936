"""The employee list and the employee page: thin views over the records' selectors and services.

HR admins read and write everything; a manager reads their direct reports' job
record, skills and contract term; an employee reads themselves (self-service).
Anything out of scope answers 404, like a missing page.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employees.leaving.selectors import checklist_tasks
from employees.models import Employee, EmployeeDocument, SensitiveAccess
from employees.records.forms import (
    CHANGE_FIELDS,
    AsOfForm,
    AssignmentChangeForm,
    EmployeeCreateForm,
    EmployeeFilterForm,
    IdentityForm,
    LeaveForm,
    NoteForm,
    RevealForm,
    SensitiveNumbersForm,
)
from employees.records.links import hire_source_link
from employees.records.selectors import (
    employee_by_ref,
    employee_file,
    employee_leaving,
    employee_rows,
    manages_anyone,
    viewer_kind,
)
from employees.records.services import (
    IDENTITY_FIELDS,
    employee_create,
    employee_identity_update,
    employee_note_add,
)
from employees.services.assignments import assignment_change
from employees.services.leaving import employee_leave
from employees.services.sensitive import (
    masked,
    sensitive_document_opened,
    sensitive_reveal,
    sensitive_update,
)
from hrflow.accounts.models import User
from hrflow.accounts.roles import Role
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.accounts.selectors import user_roles
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page
from hrflow.core.private_files import private_file
from hrflow.web.htmx import HtmxHttpRequest

EMPLOYEES_PER_PAGE = 25


def _hr_employee(request: HttpRequest, ref: str) -> Employee:
    """An employee the viewer may write to: HR admins only; anyone else 404."""
    user = cast(User, request.user)
    if Role.HR_ADMIN not in user_roles(user):
        raise Http404
    return employee_by_ref(viewer=user, ref=ref)


@login_required
@require_GET
def employee_list_view(request: HtmxHttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    today = timezone.localdate()
    # HR admins, and line managers for their direct reports; nobody else has a list.
    if Role.HR_ADMIN not in user_roles(user) and not manages_anyone(user, today):
        raise Http404
    form = EmployeeFilterForm(request.GET)
    filters = form.filters()
    paginator = Paginator(employee_rows(viewer=user, filters=filters), EMPLOYEES_PER_PAGE)
    page = paginator.get_page(parse_page(request.GET.get("page")))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": page.object_list,
        "is_today": filters.as_of == today,
        "nav_current": "employees:employee-list",
    }
    template = (
        "employees/records/_list_results.html" if request.htmx else "employees/records/list.html"
    )
    return render(request, template, context)


def _change_forms(bound: AssignmentChangeForm | None = None) -> list[AssignmentChangeForm]:
    forms = []
    for kind in CHANGE_FIELDS:
        if bound is not None and bound.kind == kind:
            forms.append(bound)
        else:
            forms.append(
                AssignmentChangeForm(kind=kind, initial={"valid_from": timezone.localdate()})
            )
    return forms


def _detail(
    request: HttpRequest,
    employee: Employee,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    user = cast(User, request.user)
    day = AsOfForm(request.GET).day()
    record = employee_file(viewer=user, employee=employee, as_of=day)
    leaving = employee_leaving(employee) if record.kind == "hr" else None
    context = {
        "employee": employee,
        "record": record,
        "as_of": day,
        "is_today": day == timezone.localdate(),
        "today": timezone.localdate(),
        "masked": masked(employee) if record.sees_private else None,
        "hire_link": hire_source_link(employee, user),
        "change_forms": _change_forms(extra.pop("bound_change", None))
        if record.kind == "hr"
        else [],
        "note_form": extra.pop("note_form", NoteForm()),
        "reveal_form": RevealForm(),
        # The leaving and its reason are HR's: a manager sees the status only.
        "leaving": leaving,
        "offboarding_tasks": checklist_tasks(user, employee) if leaving else [],
        "nav_current": "employees:employee-list",
        **extra,
    }
    return render(request, "employees/records/detail.html", context, status=status)


@login_required
@require_GET
def employee_detail_view(request: HttpRequest, ref: str) -> HttpResponse:
    user = cast(User, request.user)
    employee = employee_by_ref(viewer=user, ref=ref)
    if viewer_kind(user, employee) == "self":
        return redirect("employees:me")
    return _detail(request, employee)


@login_required
@require_POST
def employee_change_view(request: HttpRequest, ref: str) -> HttpResponse:
    """A dated change of the job record (transfer, promotion, manager, status)."""
    employee = _hr_employee(request, ref)
    form = AssignmentChangeForm(request.POST)
    if form.is_valid():
        try:
            assignment_change(
                employee=employee,
                valid_from=form.cleaned_data["valid_from"],
                change=form.kind,
                actor=cast(User, request.user),
                reason=form.cleaned_data.get("reason") or "",
                **form.values(),
            )
        except ApplicationError as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("The change is recorded."))
            return redirect("employees:employee-detail", ref=employee.number)
    return _detail(request, employee, status=400, bound_change=form)


@login_required
@require_POST
def employee_note_view(request: HttpRequest, ref: str) -> HttpResponse:
    employee = _hr_employee(request, ref)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            employee_note_add(
                employee=employee, body=form.cleaned_data["body"], author=cast(User, request.user)
            )
        except ApplicationError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, _("Note added."))
            return redirect("employees:employee-detail", ref=employee.number)
    return _detail(request, employee, status=400, note_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def employee_leave_view(request: HttpRequest, ref: str) -> HttpResponse:
    """HR records that an employee leaves: last day, voluntary or not, and why."""
    employee = _hr_employee(request, ref)
    leaving = employee_leaving(employee)
    form = LeaveForm(request.POST or None, initial={"last_day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employee_leave(
                employee=employee,
                last_day=data["last_day"],
                voluntary=data["voluntary"],
                reason=data["reason"],
                actor=cast(User, request.user),
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("The leaving is recorded."))
            return redirect("employees:employee-detail", ref=employee.number)
    context = {
        "employee": employee,
        "form": form,
        "leaving": leaving,
        "nav_current": "employees:employee-list",
    }
    status = 400 if form.errors else 200
    return render(request, "employees/records/leave.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit_view(request: HttpRequest, ref: str) -> HttpResponse:
    """HR edits identity and contacts (audited), and records ID and bank numbers."""
    employee = _hr_employee(request, ref)
    user = cast(User, request.user)
    form = IdentityForm(instance=employee)
    numbers = SensitiveNumbersForm()
    status = 200
    if request.method == "POST" and "identity" in request.POST:
        form = IdentityForm(request.POST, instance=Employee.objects.get(pk=employee.pk))
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in IDENTITY_FIELDS}
            try:
                employee_identity_update(employee=employee, actor=user, **values)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("employees:employee-detail", ref=employee.number)
        status = 400
    elif request.method == "POST":
        numbers = SensitiveNumbersForm(request.POST)
        if numbers.is_valid():
            try:
                for field in ("id_number", "bank_account", "health_notes"):
                    if numbers.cleaned_data[field]:
                        sensitive_update(
                            employee=employee,
                            field=field,
                            value=numbers.cleaned_data[field],
                            actor=user,
                            reason=numbers.cleaned_data["reason"],
                        )
            except ApplicationError as error:
                named = error.extra.get("field")
                numbers.add_error(named if named in numbers.fields else None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("employees:employee-detail", ref=employee.number)
        status = 400
    context = {
        "employee": employee,
        "form": form,
        "numbers": numbers,
        "masked": masked(employee),
        "nav_current": "employees:employee-list",
    }
    return render(request, "employees/records/edit.html", context, status=status)


@login_required
@require_POST
def employee_reveal_view(request: HttpRequest, ref: str, field: str) -> HttpResponse:
    """Show one sensitive value after a reason, logged; never cached anywhere."""
    user = cast(User, request.user)
    employee = employee_by_ref(viewer=user, ref=ref)
    form = RevealForm(request.POST)
    value: Any = None
    status = 200
    if form.is_valid():
        try:
            value = sensitive_reveal(
                employee=employee, field=field, actor=user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            if error.extra.get("refused") or error.extra.get("field") == "field":
                raise Http404 from error
            form.add_error("reason", error.message)
            status = 400
    else:
        if field not in dict(SensitiveAccess.Field.choices):
            raise Http404
        status = 400
    context = {
        "employee": employee,
        "field": field,
        "label": dict(SensitiveAccess.Field.choices).get(field, field),
        "value": value,
        "revealed": form.is_valid() and status == 200,
        "form": form,
        "masked": masked(employee),
    }
    response = render(request, "employees/records/_sensitive_field.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def employee_document_view(request: HttpRequest, pk: int) -> FileResponse:
    """A document of the file: HR admins and the person only (a manager gets 404)."""
    document = cast(
        EmployeeDocument,
        get_scoped_or_404(
            EmployeeDocument.objects.select_related("employee"), cast(User, request.user), pk=pk
        ),
    )
    sensitive_document_opened(document=document, actor=cast(User, request.user))
    return private_file(
        document.file, name=document.original_name, content_type=document.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def employee_create_view(request: HttpRequest) -> HttpResponse:
    """HR adds someone who joined without a hire through hrflow; anyone else 404."""
    user = cast(User, request.user)
    if Role.HR_ADMIN not in user_roles(user):
        raise Http404
    form = EmployeeCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                employee = employee_create(
                    actor=user,
                    full_name=data["full_name"],
                    sex=data["sex"],
                    email=data["email"],
                    phone=data["phone"],
                    hire_date=data["hire_date"],
                    department_id=data["department"].pk,
                    position_id=data["position"].pk if data["position"] else None,
                    location_id=data["location"].pk if data["location"] else None,
                    manager_id=data["manager"].pk if data["manager"] else None,
                    job_title=data["job_title"],
                    employment_type=data["employment_type"],
                    status=data["status"],
                )
            except ApplicationError as error:
                named = error.extra.get("field")
                form.add_error(named if named in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Employee %(number)s added.") % {"number": employee.number}
                )
                return redirect("employees:employee-detail", ref=employee.number)
    context = {"form": form, "nav_current": "employees:employee-list"}
    return render(request, "employees/records/create.html", context, status=status)
