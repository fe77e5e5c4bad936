"""The OpenAPI 3 schema and the Swagger UI: valid, complete, signed-in only, no CDN."""

import json
import re

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from hrflow.accounts.roles import Role
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import token_client

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/v1/jobs/",
    "/api/v1/jobs/{id}/",
    "/api/v1/jobs/{id}/status/",
    "/api/v1/stages/",
    "/api/v1/candidates/",
    "/api/v1/applications/",
    "/api/v1/applications/{id}/move/",
    "/api/v1/applications/{id}/reject/",
    "/api/v1/applications/{id}/written-test/",
    "/api/v1/applications/bulk-move/",
    "/api/v1/applications/bulk-reject/",
    "/api/v1/transitions/",
    "/api/v1/assessments/",
    "/api/v1/notes/",
]


def test_schema_is_a_valid_openapi_3_document_with_every_path() -> None:
    client = token_client(UserFactory(roles=[Role.RECRUITER]))

    response = client.get(reverse("api:schema"), {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 schema
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_schema_documents_no_internal_fields() -> None:
    """Neither the search document nor a writable raw payload leak into the contract."""
    client = token_client(UserFactory(roles=[Role.HR_ADMIN]))

    schema = json.loads(client.get(reverse("api:schema"), {"format": "json"}).content)

    text = json.dumps(schema)
    assert "search_vector" not in text
    assert "name_pinyin" not in text
    assert "raw" not in schema["components"]["schemas"]["AssessmentOutput"]["properties"]


def test_docs_load_only_local_assets(client) -> None:
    """Swagger UI's scripts, styles and icon come from our static files, never a CDN."""
    client.force_login(UserFactory(roles=[Role.RECRUITER]))

    response = client.get(reverse("api:docs"))

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        if hasattr(asset, "streaming_content"):
            b"".join(asset.streaming_content)  # close the file


def test_docs_start_up_script_points_at_our_schema(client) -> None:
    client.force_login(UserFactory(roles=[Role.RECRUITER]))

    response = client.get(reverse("api:docs"), {"script": ""})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in response.content.decode()


def test_the_schema_needs_sign_in() -> None:
    response = APIClient().get(reverse("api:schema"))

    assert response.status_code == 401
    assert response.json()["message"]


def test_a_signed_out_visit_to_the_docs_goes_to_the_sign_in_page_and_back() -> None:
    """The docs are a page people open in a browser (issue 14, point 19)."""
    response = APIClient().get(reverse("api:docs"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/api/docs/"


def test_the_api_root_lists_the_resources() -> None:
    """`/api/v1/` answers with DRF's API root: each resource and its address."""
    response = token_client(UserFactory(roles=[Role.RECRUITER])).get(reverse("api:root"))

    assert response.status_code == 200
    root = response.json()
    for name in ("jobs", "stages", "candidates", "applications", "assessments", "notes"):
        assert root[name] == f"http://testserver/api/v1/{name}/"
    assert root["docs"] == "http://testserver/api/docs/"


def test_the_api_root_refuses_anonymous_callers_in_json() -> None:
    response = APIClient().get(reverse("api:root"))

    assert response.status_code == 401
    assert response.json()["message"]


@pytest.mark.parametrize("name", ["api:schema", "api:docs"])
@pytest.mark.parametrize("roles", [[Role.EMPLOYEE], []])
def test_schema_and_docs_are_for_the_apis_users_only(name: str, roles: list[Role]) -> None:
    """Employees and accounts without a role use no API: its map is not theirs to read."""
    response = token_client(UserFactory(roles=roles)).get(reverse(name))

    assert response.status_code == 403
    assert response.json()["message"]


@pytest.mark.parametrize(
    "role", [Role.HR_ADMIN, Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER]
)
def test_schema_is_open_to_every_workspace_role(role: Role) -> None:
    response = token_client(UserFactory(roles=[role])).get(reverse("api:schema"))

    assert response.status_code == 200


def test_docs_page_allows_its_inline_style_by_hash_only(client) -> None:
    """The CSP gains the hash of Swagger UI's one inline style, not 'unsafe-inline'."""
    client.force_login(UserFactory(roles=[Role.RECRUITER]))

    response = client.get(reverse("api:docs"))

    policy = response["Content-Security-Policy"]
    style_src = next(part for part in policy.split(";") if "style-src" in part)
    assert "'sha256-" in style_src
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
