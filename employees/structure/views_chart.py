"""The org chart: the department tree as of a day, searchable, opened lazily."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from employees.selectors.org_chart import (
    department_people,
    department_positions,
    org_chart_tree,
)
from employees.structure.chart_html import person_html, tree_html
from employees.structure.forms import AsOfForm
from hrflow.accounts.decorators import permission_view
from hrflow.accounts.scoping import get_scoped_or_404
from hrflow.org.models import Department

# Positions are the org's structure: every role reads them (PositionQuerySet), and so the
# chart, which shows what a company directory shows and nothing more.
READ = "employees.view_position"


@permission_view(READ)
@require_GET
def org_chart_view(request: HttpRequest) -> HttpResponse:
    as_of = AsOfForm(request.GET)
    day, search = as_of.day(), as_of.search()
    chart = org_chart_tree(day=day, search=search)
    if not search:
        for root in chart.roots:
            root.open = True
    query = "?" + urlencode({"on": day.isoformat()})
    return render(
        request,
        "employees/org_chart/page.html",
        {
            "as_of": as_of,
            "day": day,
            "search": search,
            "chart": chart,
            "tree": tree_html(chart.roots, query=query),
            "nav_current": "employees:org-chart",
        },
    )


@permission_view(READ)
@require_GET
def org_chart_department_view(request: HttpRequest, pk: int) -> HttpResponse:
    """One department's positions and people (the part of the tree HTMX loads on open)."""
    department = get_scoped_or_404(Department.objects.all(), request.user, pk=pk)
    day = AsOfForm(request.GET).day()
    people = department_people(day=day, department_id=department.pk)
    return render(
        request,
        "employees/org_chart/_department.html",
        {
            "department": department,
            "positions": department_positions(day=day, department_id=department.pk),
            "people": [person_html(person) for person in people],
        },
    )
