"""HR's review templates: the list, a new one, and changing one.

A template that reviews use keeps its sections (their answers and goals point at
them): its page saves the changes as a new template, which later cycles may name,
while the running ones keep the old. This is `review_template_save`'s rule; the page
only says it before HR types.
"""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from employees.models import ReviewTemplate
from employees.performance.forms import ReviewTemplateForm
from employees.performance.selectors import template_in_use, template_list
from employees.performance.templates import review_template_save
from employees.performance.views_hr import MANAGE, PAGE_SIZE
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_page

NAV = "employees:performance-templates"


@permission_view(MANAGE)
@require_GET
def template_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(template_list(), PAGE_SIZE).get_page(parse_page(request.GET.get("page")))
    return render(
        request, "employees/performance/template_list.html", {"page": page, "nav_current": NAV}
    )


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_create_view(request: HttpRequest) -> HttpResponse:
    return _template_form(request, None)


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    # Templates are the company's, not a person's data: HR reads them all.
    template = get_object_or_404(ReviewTemplate.objects.select_related("department"), pk=pk)
    return _template_form(request, template)


def _template_form(request: HttpRequest, template: ReviewTemplate | None) -> HttpResponse:
    in_use = template is not None and template_in_use(template)
    form = ReviewTemplateForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = review_template_save(
                name=data["name"],
                department=data["department"],
                sections=data["sections"],
                actor=cast(User, request.user),
                # In use: the changes become a new template (the service's rule).
                template=None if in_use else template,
                # Its competencies rated already stay allowed, though deactivated since.
                source=template,
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            if in_use:
                messages.success(
                    request, _("Saved as a new template; running cycles keep the old one.")
                )
            else:
                messages.success(request, _("Template saved."))
            return redirect("employees:performance-template", pk=saved.pk)
    context = {"form": form, "template": template, "in_use": in_use, "nav_current": NAV}
    status = 400 if form.errors else 200
    return render(request, "employees/performance/template_form.html", context, status=status)
