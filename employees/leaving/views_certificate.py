"""Issuing a leaver's exit certificate (离职证明): HR admins only; anyone else gets 404."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from employees.leaving.forms import CertificateForm
from employees.leaving.selectors import certificates_issued, is_hr, leaver_by_ref
from employees.services.exit_certificates import exit_certificate_issue
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add


@login_required
@require_http_methods(["GET", "POST"])
def certificate_view(request: HttpRequest, ref: str) -> HttpResponse:
    """The certificates issued so far, and the form that issues one: the PDF comes back as
    the answer to the form, and the issue is logged."""
    user = cast(User, request.user)
    if not is_hr(user):
        raise Http404
    employee = leaver_by_ref(ref)
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate, document = exit_certificate_issue(
                employee=employee, actor=user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            response = HttpResponse(document, content_type="application/pdf")
            name = f"exit-certificate-{employee.number}-{certificate.pk}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    context = {
        "employee": employee,
        "form": form,
        "issued": certificates_issued(employee),
        "nav_current": "employees:leavers",
    }
    status = 400 if form.errors else 200
    return render(request, "employees/leaving/certificate.html", context, status=status)
