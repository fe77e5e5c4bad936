"""The API's map: its root (the list of resources), the OpenAPI schema and its Swagger UI,
with local assets only."""

import base64
import functools
import hashlib
import re
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.template.loader import get_template
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView

from recruiting.api.permissions import HasWorkspaceRole


class _JsonRefusalMixin:
    """Refuse unauthenticated callers in JSON, like every other API URL.

    These views render YAML or HTML, so without this a refusal would arrive
    as a page, and API clients could not read it.
    """

    request: Any

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, NotAuthenticated | PermissionDenied):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)  # type: ignore[misc]


class SchemaApi(_JsonRefusalMixin, SpectacularAPIView):
    permission_classes = [HasWorkspaceRole]


@functools.cache
def inline_style_hashes(template_name: str) -> tuple[str, ...]:
    """CSP sources ('sha256-...') allowing exactly the template's inline <style> blocks."""
    source = get_template(template_name).template.source  # type: ignore[attr-defined]
    styles = re.findall(r"<style>(.*?)</style>", source, re.DOTALL)
    digests = [base64.b64encode(hashlib.sha256(style.encode()).digest()) for style in styles]
    return tuple(f"'sha256-{digest.decode()}'" for digest in digests)


class DocsApi(_JsonRefusalMixin, SpectacularSwaggerSplitView):
    """Swagger UI. The split view loads its start-up script from this URL
    (`?script`) rather than inline, and the page's one inline style is allowed
    by its hash: the Content-Security-Policy allows no other inline code.

    A page people open in a browser: a signed-out visitor goes to the sign-in
    page and comes back here (a signed-in user without the role still gets the
    JSON refusal, like the rest of the API)."""

    url_name = "api:schema"
    permission_classes = [HasWorkspaceRole]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())  # type: ignore[return-value]
        return super().handle_exception(exc)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response._csp_update = {"style-src": inline_style_hashes(self.template_name)}  # type: ignore[attr-defined]
        return response


class ApiRootApi(APIRootView):
    """`/api/v1/`: the list of resources, each with its address (DRF's API root)."""

    permission_classes = [HasWorkspaceRole]
    api_root_dict = {
        "jobs": "job-list",
        "stages": "stage-list",
        "candidates": "candidate-list",
        "applications": "application-list",
        "transitions": "transition-list",
        "assessments": "assessment-list",
        "notes": "note-list",
        "employees": "employee-list",
        "positions": "position-list",
        "departments": "department-list",
        "contracts": "contract-list",
        "leave-types": "leave-type-list",
        "leave-requests": "leave-request-list",
        "leave-balances": "leave-balance-list",
        "holidays": "holiday-list",
        "shifts": "shift-list",
        "shift-patterns": "shift-pattern-list",
        "punches": "punch-list",
        "daily-results": "daily-result-list",
        "pay-groups": "pay-group-list",
        "pay-components": "pay-component-list",
        "payroll-runs": "payroll-run-list",
        "my-payslips": "my-payslip-list",
        "events": "event-list",
        "schema": "schema",
        "docs": "docs",
    }
