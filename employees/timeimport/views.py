"""HR's attendance import page: upload an export, read what happened to every row."""

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from employees.attendance.imports import ImportReport, attendance_import
from employees.timeimport.checks import formula_refusal, xlsx_formula_refusal
from employees.timeimport.forms import AttendanceFileForm
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.request_body import accepts_upload
from hrflow.core.tabular import MAX_TABLE_BYTES, table_read

# The page lists this many refused rows; the counts above them cover the rest.
REFUSED_SHOWN = 200


@accepts_upload(max_file_bytes=MAX_TABLE_BYTES)
@permission_view("employees.add_punch")
@require_http_methods(["GET", "POST"])
def attendance_import_view(request: HttpRequest) -> HttpResponse:
    """Upload a file; its punches are stored once each (a file sent twice adds nothing),
    and the report says what happened to every row."""
    form = AttendanceFileForm(request.POST or None, request.FILES or None)
    report: ImportReport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            # Read once here for the formula check; the service reads it again for itself.
            refusal = formula_refusal(table_read(name=upload.name, data=data))
            if not refusal and upload.name.lower().endswith(".xlsx"):
                refusal = xlsx_formula_refusal(data)
            if refusal:
                form.add_error("file", refusal)
            else:
                report = attendance_import(
                    name=upload.name,
                    data=data,
                    actor=cast(User, request.user),
                    override_reason=form.cleaned_data["override_reason"],
                )
        except ApplicationError as error:
            refusal_add(form, error)
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "nav_current": "employees:attendance-import",
    }
    if report is not None:
        context["refused_shown"] = report.refused[:REFUSED_SHOWN]
        context["refused_more"] = max(len(report.refused) - REFUSED_SHOWN, 0)
    return render(request, "employees/time_import/import.html", context)
