"""The integration pages: HR admins only, fixed query counts, mapping edits and the lookup."""

import json

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from integrations.models import DeadLetter, HeldPayload, IngestTrace
from tests.hrflow.factories import UserFactory
from tests.html_text import visible_text
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))
    return client


def _held(connection, **fields):
    values = {
        "kind": HeldPayload.Kind.MALFORMED,
        "origin": HeldPayload.Origin.POLL,
        "external_result_id": "iv_bad",
        "reason": "overall.rating: 6 is outside its scale 1-5",
        "raw": json.dumps({"id": "iv_bad", "note": "<script>alert(1)</script>"}).encode(),
    }
    return HeldPayload.objects.create(connection=connection, **(values | fields))


def _object_urls(connection, held, letter):
    return {
        "get": [
            reverse("recruiting:integration-detail", args=[connection.pk]),
            reverse("recruiting:integration-mapping", args=[connection.pk]),
            reverse("recruiting:held-detail", args=[held.pk]),
        ],
        "post": [
            reverse("recruiting:integration-action", args=[connection.pk]),
            reverse("recruiting:held-action", args=[held.pk]),
            reverse("recruiting:dead-letter-retry", args=[letter.pk]),
        ],
    }


@pytest.mark.parametrize("role", [r for r in Role if r != Role.HR_ADMIN])
def test_every_integration_page_is_404_for_other_roles(client, vuesim_connection, role):
    held = _held(vuesim_connection)
    letter = DeadLetter.objects.create(
        connection=vuesim_connection, kind="sync", reference="sync:1", error="x"
    )
    client.force_login(UserFactory(roles=[role]))
    urls = _object_urls(vuesim_connection, held, letter)

    statuses = [client.get(url).status_code for url in urls["get"]]
    statuses += [client.post(url, {"action": "pause"}).status_code for url in urls["post"]]

    assert statuses == [404] * 6
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.state == "active"
    assert DeadLetter.objects.get(pk=letter.pk).resolved_at is None


def test_hr_admins_open_every_page(hr_client, vuesim_connection):
    held = _held(vuesim_connection)
    letter = DeadLetter.objects.create(
        connection=vuesim_connection, kind="sync", reference="sync:1", error="x"
    )
    urls = _object_urls(vuesim_connection, held, letter)["get"] + [
        reverse("recruiting:integration-list"),
        reverse("recruiting:integration-create"),
        reverse("recruiting:sync-lookup") + "?q=someone@example.com",
    ]

    assert [hr_client.get(url).status_code for url in urls] == [200] * len(urls)


def test_the_health_list_costs_the_same_queries_for_one_or_many_connections(hr_client):
    from recruiting.vendors.connections import connection_create

    def make(index):
        created = connection_create(
            name=f"c{index}",
            vendor="vuesim",
            base_url="http://127.0.0.1:9",
            credentials={"client_id": "a", "client_secret": "b"},
            actor=None,
        )
        _held(created, external_result_id=f"r{index}")

    make(0)
    url = reverse("recruiting:integration-list")
    hr_client.get(url)
    with CaptureQueriesContext(db_connection) as one:
        hr_client.get(url)
    for index in range(1, 6):
        make(index)
    with CaptureQueriesContext(db_connection) as six:
        response = hr_client.get(url)

    assert len(response.context["rows"]) == 6
    assert len(one.captured_queries) == len(six.captured_queries)


def test_raw_bytes_are_shown_escaped(hr_client, vuesim_connection):
    held = _held(vuesim_connection)

    page = hr_client.get(reverse("recruiting:held-detail", args=[held.pk])).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def _mapping_post(connection, **changes):
    from recruiting.vendors.forms import MappingForm

    initial, rows = MappingForm.initial_from(connection.mapping)
    data = {k: ("" if v is None else v) for k, v in initial.items() if k != "required_dimensions"}
    for index in range(rows, rows + 3):
        data |= {f"vendor_{index}": "", f"code_{index}": ""}
    return data | changes


def test_a_mapping_with_a_mistake_is_refused_whole_and_nothing_changes(
    hr_client, vuesim_connection
):
    before = vuesim_connection.mapping
    data = _mapping_post(vuesim_connection, overall_min="5", overall_max="1", timezone="Mars/Base")

    response = hr_client.post(
        reverse("recruiting:integration-mapping", args=[vuesim_connection.pk]), data
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "overall_scale" in errors
    assert "Mars/Base" in errors
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.mapping == before


def test_a_new_dimension_row_is_saved_and_previewed(hr_client, vuesim_connection):
    _held(
        vuesim_connection,
        raw=json.dumps(
            {
                "id": "iv_p",
                "status": "scored",
                "updated_at": "2026-11-20T08:00:00Z",
                "overall": {"rating": 4},
                "competencies": [{"key": "grit", "name": "Grit", "rating": 5}],
            }
        ).encode(),
    )
    url = reverse("recruiting:integration-mapping", args=[vuesim_connection.pk])
    rows = len(vuesim_connection.mapping["dimensions"])
    data = _mapping_post(
        vuesim_connection, **{f"vendor_{rows}": "grit", f"code_{rows}": "motivation"}
    )

    preview = hr_client.post(url, data | {"preview": "1"}, HTTP_HX_REQUEST="true")
    saved = hr_client.post(url, data)

    assert preview.context["preview"]["dimensions"][0]["code"] == "motivation"
    assert preview.context["preview"]["overall"] == 75
    assert saved.status_code == 302
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.mapping["dimensions"]["grit"] == "motivation"


def test_the_lookup_shows_every_trace_for_a_candidates_email(hr_client, vuesim_connection):
    application = ApplicationFactory()
    IngestTrace.objects.create(
        connection=vuesim_connection,
        external_result_id="iv_77",
        candidate_ref=f"hrflow-app-{application.pk}",
        origin="webhook",
        outcome="quarantined",
        detail="overall.rating: 6 is outside its scale 1-5",
    )

    response = hr_client.get(
        reverse("recruiting:sync-lookup"), {"q": application.candidate.email.upper()}
    )

    assert [t.external_result_id for t in response.context["found"].traces] == ["iv_77"]
    assert "outside its scale" in response.content.decode()


def test_the_rotation_note_shows_only_while_two_secrets_are_accepted(client, vuesim_connection):
    """Chinese has a single plural form: the note must not rest on plural forms."""
    from recruiting.vendors.connections import connection_rotate_webhook_secret

    client.force_login(UserFactory(roles=[Role.HR_ADMIN], language="zh-hans"))
    url = reverse("recruiting:integration-detail", args=[vuesim_connection.pk])

    before = client.get(url).content.decode()
    connection_rotate_webhook_secret(connection=vuesim_connection, actor=None)
    during = client.get(url).content.decode()

    assert "接受 1 个密钥。" in before
    assert "轮换中" not in before
    assert "接受 2 个密钥（轮换中）。" in during


def test_the_integration_pages_speak_hr_with_the_technical_term_in_a_tooltip(
    hr_client, vuesim_connection
):
    """暂存 and 死信 are engineers' words: HR reads what to do, the term stays in a title."""
    held = _held(vuesim_connection)
    DeadLetter.objects.create(
        connection=vuesim_connection, kind="sync", reference="sync:1", error="x"
    )
    pages = [
        reverse("recruiting:integration-list"),
        reverse("recruiting:integration-detail", args=[vuesim_connection.pk]),
        reverse("recruiting:held-detail", args=[held.pk]),
    ]

    html = [hr_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode() for url in pages]

    text = " ".join(visible_text(page) for page in html)
    assert "待处理" in text
    assert "同步失败待处理" in html[0]
    assert "同步失败待处理" in html[1]
    assert "死信" not in text
    assert "暂存" not in text
    assert 'title="技术名称：死信（dead letters）"' in html[0]
    assert 'title="技术名称：暂存数据（held payloads）"' in html[1]
    assert 'title="技术名称：暂存数据（held payload）"' in html[2]
    assert "招聘中" not in text  # a held result is open as in 待处理, not a job's 招聘中
    assert "vuesim" not in text  # the vendor by its name (VueSim), not its slug
