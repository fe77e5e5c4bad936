"""Links in a result's media are web links, whoever sends the result (issue 12, point 5).

The vendor paths keep only https links on the vendor's host; a result entered
through the API meets the same rule (https, a host, no credentials) and is
refused with a 400 naming the link otherwise. The profile, for rows stored
before, links only what is an http(s) address and shows nothing clickable
for the rest.
"""

from typing import Any

import pytest
from django.urls import reverse

from hrflow.accounts.roles import Role
from recruiting.models import Assessment
from tests.hrflow.factories import UserFactory
from tests.recruiting.api.conftest import World, token_client
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

BAD_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "http://vendor.example/report/1",
    "https://user:secret@vendor.example/report/1",
    "https:///no-host",
    "//vendor.example/report/1",
    "/relative/report",
]


def _post(world: World, media: dict[str, Any], external_id: str = "links-1") -> Any:
    return token_client(world.users["hr_admin"]).post(
        reverse("api:assessment-list"),
        {
            "application": world.application_x.pk,
            "source": "acme",
            "external_id": external_id,
            "kind": "ai_interview",
            "status": "completed",
            "media": media,
        },
        format="json",
    )


@pytest.mark.parametrize("link", BAD_LINKS)
@pytest.mark.parametrize(
    ("media", "field"),
    [
        (lambda link: {"report_url": link}, "media.report_url"),
        (lambda link: {"video_url": link}, "media.video_url"),
        (lambda link: {"transcript_url": link}, "media.transcript_url"),
        (
            lambda link: {"videos": [{"url": "https://vendor.example/v/1"}, {"url": link}]},
            "media.videos.1.url",
        ),
    ],
    ids=["report_url", "video_url", "transcript_url", "videos"],
)
def test_a_link_that_is_not_https_is_a_400_naming_it(
    world: World, link: str, media: Any, field: str
) -> None:
    response = _post(world, media(link))

    assert response.status_code == 400, response.content[:300]
    assert list(response.json()["errors"]) == [field]
    assert not Assessment.objects.filter(external_id="links-1").exists()


def test_https_links_are_kept(world: World) -> None:
    media = {
        "report_url": "https://vendor.example/report/1",
        "video_url": "https://media.vendor.example/v/1?sig=abc",
        "videos": [{"url": "https://media.vendor.example/v/2", "order": 1}, {"order": 2}],
        "summary": "javascript: is just text here",
    }

    response = _post(world, media)

    assert response.status_code == 201, response.json()
    assert Assessment.objects.get(external_id="links-1").media == media


def test_a_link_that_is_not_text_is_a_400(world: World) -> None:
    response = _post(world, {"report_url": {"href": "javascript:alert(1)"}})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["media.report_url"]


def test_the_profile_links_only_web_addresses_of_rows_stored_before(client) -> None:
    """Rows written before the rule: the profile shows no javascript: or data: link."""
    application = ApplicationFactory()
    Assessment.objects.create(
        application=application,
        kind=Assessment.Kind.AI_INTERVIEW,
        status=Assessment.Status.INVITED,
        source="acme",
        external_id="stored-before",
        invite_url="javascript:alert('invite')",
        media={
            "report_url": "javascript:alert('report')",
            "video_url": "data:text/html,<script>alert('video')</script>",
            "transcript_url": "https://vendor.example/transcript/1",
            "videos": [
                {"url": "vbscript:msgbox('clip')", "order": 1},
                {"url": "http://vendor.example/clip/2", "order": 2},
            ],
        },
    )
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))

    page = client.get(
        reverse("recruiting:candidate-detail", args=[application.candidate_id]),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    html = page.content.decode()
    assert page.status_code == 200
    for scheme in ("javascript:", "data:", "vbscript:"):
        assert f'href="{scheme}' not in html
    assert 'href="https://vendor.example/transcript/1"' in html
    assert 'href="http://vendor.example/clip/2"' in html
