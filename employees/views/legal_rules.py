"""The legal rules page: HR admins read every dated row with its source, and add rows."""

import json
from itertools import groupby
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.forms.rules import LegalRuleForm
from employees.models import LegalRule
from employees.selectors.rules import legal_rules_all
from employees.services.rules import legal_rule_add
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add


@permission_view("employees.add_legalrule")
@require_GET
def legal_rule_list_view(request: HttpRequest) -> HttpResponse:
    rows = legal_rules_all()
    rules = [(code, list(group)) for code, group in groupby(rows, key=lambda row: row.code)]
    return render(request, "employees/legal_rules/list.html", {"rules": rules})


@permission_view("employees.add_legalrule")
@require_http_methods(["GET", "POST"])
def legal_rule_create_view(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    codes = list(LegalRule.objects.order_by("code").values_list("code", flat=True).distinct())
    if request.method == "POST":
        form = LegalRuleForm(request.POST, codes=codes)
        if form.is_valid():
            data = form.cleaned_data
            try:
                legal_rule_add(actor=user, **data)
            except ApplicationError as error:
                refusal_add(form, error)
            else:
                messages.success(request, _("The new row of the rule is recorded."))
                return redirect("employees:legal-rule-list")
    else:
        code = request.GET.get("code", "")
        latest = (
            LegalRule.objects.filter(code=code).order_by("-effective_from").first()
            if code in codes
            else None
        )
        initial = {}
        if latest is not None:
            initial = {
                "code": code,
                "region": latest.region,
                "value": json.dumps(latest.value, ensure_ascii=False, indent=2),
                "description": latest.description,
            }
        form = LegalRuleForm(initial=initial, codes=codes)
    return render(request, "employees/legal_rules/form.html", {"form": form})
