"""HR's positions pages: every seat with its headcount, filled and vacant, and open jobs."""

from typing import cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from employees.models import Position
from employees.openings import openings_for
from employees.selectors.positions import position_list
from employees.services.positions import position_create, position_update
from employees.structure.forms import AsOfForm, PositionActiveForm, PositionForm
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.core.params import parse_id, parse_page
from hrflow.org.models import Department

PER_PAGE = 50
MANAGE = "employees.change_position"


@permission_view(MANAGE)
@require_http_methods(["GET"])
def position_list_view(request: HttpRequest) -> HttpResponse:
    """The positions as of a day; each page of them costs the same few queries."""
    as_of = AsOfForm(request.GET)
    day = as_of.day()
    department_id = parse_id(request.GET.get("department"))
    show_retired = request.GET.get("retired") == "1"
    positions = position_list(
        day=day,
        q=as_of.search(),
        department_id=department_id,
        include_inactive=show_retired,
    )
    page = Paginator(positions, PER_PAGE).get_page(parse_page(request.GET.get("page")))
    openings = openings_for([position.pk for position in page.object_list])
    rows = [(position, openings.get(position.pk, [])) for position in page.object_list]
    return render(
        request,
        "employees/positions/list.html",
        {
            "as_of": as_of,
            "day": day,
            "page": page,
            "rows": rows,
            "departments": Department.objects.active().only("pk", "name", "depth"),
            "department_id": department_id,
            "show_retired": show_retired,
            "nav_current": "employees:position-list",
        },
    )


@permission_view("employees.add_position")
@require_http_methods(["GET", "POST"])
def position_create_view(request: HttpRequest) -> HttpResponse:
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position = position_create(actor=cast(User, request.user), **form.cleaned_data)
        except ApplicationError as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Position %(title)s created.") % {"title": position})
            return redirect("employees:position-list")
    return render(
        request,
        "employees/positions/form.html",
        {"form": form, "position": None, "nav_current": "employees:position-list"},
    )


@permission_view(MANAGE)
@require_http_methods(["GET", "POST"])
def position_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a position, or retire or restore it (the second form on the page)."""
    position = get_scoped_or_404(Position.objects.all(), request.user, pk=pk)
    form = PositionForm(instance=position)
    active_form = PositionActiveForm(initial={"is_active": position.is_active})
    if request.method == "POST":
        actor = cast(User, request.user)
        target: forms.Form | forms.ModelForm
        if "set_active" in request.POST:
            target = active_form = PositionActiveForm(request.POST)
        else:
            target = form = PositionForm(
                request.POST, instance=Position.objects.get(pk=position.pk)
            )
        valid = target.is_valid()
        fields = target.cleaned_data if valid else {}
        if valid:
            try:
                position_update(position=position, actor=actor, **fields)
            except ApplicationError as error:
                refusal_add(target, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("employees:position-list")
    return render(
        request,
        "employees/positions/form.html",
        {
            "form": form,
            "active_form": active_form,
            "position": position,
            "nav_current": "employees:position-list",
        },
    )
