"""HR's pages for the organisation's departments and locations."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrflow.accounts.decorators import permission_view
from hrflow.accounts.models import User
from hrflow.accounts.scoping import get_scoped_or_404, scoped
from hrflow.core.errors import ApplicationError
from hrflow.core.form_refusals import refusal_add
from hrflow.org.models import Department, Location
from hrflow.org.services import (
    department_create,
    department_update,
    location_create,
    location_update,
)
from hrflow.org.structure_forms import DepartmentForm, LocationForm


@permission_view("org.change_department")
@require_GET
def department_list_view(request: HttpRequest) -> HttpResponse:
    """Every department in tree order (one query), the inactive ones marked."""
    departments = (
        scoped(Department.objects.all(), request.user).select_related("head").order_by("path")
    )
    return render(
        request,
        "org/departments.html",
        {"departments": departments, "nav_current": "org:department-list"},
    )


@permission_view("org.add_department")
@require_http_methods(["GET", "POST"])
def department_create_view(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            department_create(actor=cast(User, request.user), **form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Department created."))
            return redirect("org:department-list")
    return _department_page(request, form, None)


@permission_view("org.change_department")
@require_http_methods(["GET", "POST"])
def department_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename, move under another department, or deactivate."""
    department = get_scoped_or_404(Department.objects.all(), request.user, pk=pk)
    initial = {
        "name": department.name,
        "code": department.code,
        "parent": department.parent,
        "head": department.head,
        "is_active": department.is_active,
    }
    form = DepartmentForm(request.POST or None, initial=initial, department=department)
    if request.method == "POST" and form.is_valid():
        try:
            department_update(
                department=department, actor=cast(User, request.user), **form.cleaned_data
            )
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("org:department-list")
    return _department_page(request, form, department)


def _department_page(
    request: HttpRequest, form: DepartmentForm, department: Department | None
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "object": department,
        "title": department.name if department else _("New department"),
        "back_url": "org:department-list",
        "back_label": _("All departments"),
        "nav_current": "org:department-list",
    }
    return render(request, "org/structure_form.html", context)


@permission_view("org.change_location")
@require_GET
def location_list_view(request: HttpRequest) -> HttpResponse:
    locations = scoped(Location.objects.all(), request.user).order_by("-is_active", "name")
    return render(
        request,
        "org/locations.html",
        {"locations": locations, "nav_current": "org:location-list"},
    )


@permission_view("org.add_location")
@require_http_methods(["GET", "POST"])
def location_create_view(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            location_create(actor=cast(User, request.user), **form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Location created."))
            return redirect("org:location-list")
    return _location_page(request, form, None)


@permission_view("org.change_location")
@require_http_methods(["GET", "POST"])
def location_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_scoped_or_404(Location.objects.all(), request.user, pk=pk)
    form = LocationForm(request.POST or None, instance=Location.objects.get(pk=location.pk))
    if request.method == "POST" and form.is_valid():
        try:
            location_update(location=location, actor=cast(User, request.user), **form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            refusal_add(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("org:location-list")
    return _location_page(request, form, location)


def _location_page(
    request: HttpRequest, form: LocationForm, location: Location | None
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "object": location,
        "title": location.name if location else _("New location"),
        "back_url": "org:location-list",
        "back_label": _("All locations"),
        "nav_current": "org:location-list",
    }
    return render(request, "org/structure_form.html", context)
