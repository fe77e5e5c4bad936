"""HR's pages for the competency catalogue and the map of AI dimensions onto it."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.competencies.forms import CompetencyForm, DimensionMapForm
from hrflow.competencies.models import Competency
from hrflow.competencies.selectors import (
    competencies_to_map_to,
    competency_list,
    dimension_map_rows,
)
from hrflow.competencies.services import competency_save, dimension_map_save
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add

NAV_CURRENT = "competencies:competency-list"


@permission_view("competencies.change_competency")
@require_GET
def competency_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competencies/list.html",
        {"competencies": competency_list(), "tab": "catalogue", "nav_current": NAV_CURRENT},
    )


@permission_view("competencies.add_competency")
@require_http_methods(["GET", "POST"])
def competency_create_view(request: HttpRequest) -> HttpResponse:
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competency_save(competency=None, actor=cast(User, request.user), **form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Competency added."))
            return redirect("competencies:competency-list")
    return _competency_page(request, form, None)


@permission_view("competencies.change_competency")
@require_http_methods(["GET", "POST"])
def competency_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, re-describe, change the levels of, retire or restore a competency."""
    competency = get_object_or_404(Competency, pk=pk)
    initial = {
        "name_zh": competency.name_zh,
        "name_en": competency.name_en,
        "description": competency.description,
        "levels": competency.levels,
        "is_active": competency.is_active,
    }
    form = CompetencyForm(request.POST or None, initial=initial, competency=competency)
    if request.method == "POST" and form.is_valid():
        try:
            competency_save(
                competency=competency,
                code=competency.code,
                actor=cast(User, request.user),
                **form.cleaned_data,
            )
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("competencies:competency-list")
    return _competency_page(request, form, competency)


def _competency_page(
    request: HttpRequest, form: CompetencyForm, competency: Competency | None
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "competency": competency,
        "title": str(competency) if competency else _("New competency"),
        "nav_current": NAV_CURRENT,
    }
    return render(request, "competencies/competency_form.html", context)


@permission_view("competencies.change_dimensionmapping")
@require_http_methods(["GET", "POST"])
def dimension_map_view(request: HttpRequest) -> HttpResponse:
    """Every AI dimension with the competency its scores count towards, saved at once."""
    form = DimensionMapForm(
        request.POST or None,
        dimensions=dimension_map_rows(),
        competencies=competencies_to_map_to(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = dimension_map_save(
                competency_ids=form.submitted_choices(), actor=cast(User, request.user)
            )
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            if changed:
                messages.success(request, _("The map of AI dimensions is saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("competencies:dimension-map")
    return render(
        request,
        "competencies/dimension_map.html",
        {"form": form, "tab": "dimensions", "nav_current": NAV_CURRENT},
    )
