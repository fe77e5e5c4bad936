"""HR's organisation pages: the company's name, time zone and working week."""

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.org.forms import CompanySettingsForm
from hrflow.org.selectors import company_current
from hrflow.org.services import company_settings_save


@permission_view("org.change_companysettings")
@require_http_methods(["GET", "POST"])
def company_settings_view(request: HttpRequest) -> HttpResponse:
    company = company_current()
    initial = {
        "company_name": company.company_name,
        "time_zone": company.time_zone,
        "working_days": company.working_days,
        "working_day_start": company.working_day_start,
        "working_day_end": company.working_day_end,
    }
    form = CompanySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            company_settings_save(**form.cleaned_data, actor=cast(User, request.user))
        except ApplicationError as error:
            for problem in error.extra.get("problems", [error.message]):
                form.add_error(None, problem)
        else:
            messages.success(request, _("Company settings saved."))
            return redirect("org:company-settings")
    return render(request, "org/company_settings.html", {"form": form})
