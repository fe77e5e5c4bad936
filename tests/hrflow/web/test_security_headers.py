"""Headers every HTML page carries (docs/RELIABILITY.md rows 20 and 24)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.hrflow.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:password-reset"])
def test_public_pages_carry_csp_and_friends(client, url_name):
    response = client.get(reverse(url_name))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_reference_no_outside_host(client):
    """No CDN anywhere: every script and stylesheet comes from this app."""
    client.force_login(UserFactory())
    html = client.get(reverse("web:dashboard")).content.decode()

    assert "/static/vendor/htmx/" in html
    for marker in ("http://", "https://", "//cdn", "unpkg", "jsdelivr"):
        assert f'src="{marker}' not in html
        assert f'href="{marker}' not in html


def test_htmx_and_app_script_are_served(client):
    for path in ("/static/vendor/htmx/htmx-2.0.11.min.js", "/static/hrflow/js/app.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)


REPO_ROOT = Path(__file__).resolve().parents[3]


def _templates() -> list[Path]:
    """Every template of the checkout: the shared folder, each app's and each recruiting
    feature package's (portal/templates, recruiting/interviews/templates, ...)."""
    return [
        path
        for path in REPO_ROOT.rglob("*.html")
        if "templates" in path.relative_to(REPO_ROOT).parts
        and not {".venv", "node_modules", ".artifacts"} & set(path.relative_to(REPO_ROOT).parts)
    ]


# What the CSP ("script-src 'self'", no 'unsafe-inline') would block in a browser.
INLINE_CODE = re.compile(r"""\son[a-z]+\s*=|<script(?![^>]*\bsrc=)|href=["']javascript:""", re.I)


def test_no_template_holds_code_the_csp_would_block():
    """Inline handlers and scripts do nothing under our CSP: behaviour lives in static files."""
    templates = _templates()
    found = [
        f"{path.relative_to(REPO_ROOT)}: {match.group(0).strip()}"
        for path in templates
        for match in INLINE_CODE.finditer(path.read_text(encoding="utf-8"))
    ]

    assert found == []
    folders = {path.relative_to(REPO_ROOT).parts[0] for path in templates}
    assert {"templates", "portal", "careers", "recruiting"} <= folders
