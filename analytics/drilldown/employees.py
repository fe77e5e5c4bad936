"""The employees behind a validity figure (built with the validity report)."""

from django.http import Http404, HttpRequest, HttpResponse


def employee_drill(request: HttpRequest) -> HttpResponse:
    raise Http404
