"""Vendor connections and their traffic in Django admin: read-only, secrets never shown."""

import json

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrflow.accounts.roles import Role
from integrations.contracts import RawRecord
from integrations.lanes import encode_records
from integrations.models import (
    DeadLetter,
    HeldPayload,
    IngestTrace,
    PulledBatch,
    SyncRun,
    VendorConnection,
    WebhookEvent,
)
from tests.fixtures.admin_site import admin_change_url, admin_changelist_url
from tests.hrflow.factories import UserFactory
from tests.recruiting.vendors.factories import (
    VUESIM_SECRET,
    held_payload_make,
    vuesim_connection_make,
)

pytestmark = pytest.mark.django_db

CLIENT_SECRET = "s3cret"  # tests.recruiting.vendors.factories.vuesim_connection_make
HOSTILE = "<script>alert('held')</script>"
MODELS = (
    VendorConnection,
    SyncRun,
    PulledBatch,
    WebhookEvent,
    HeldPayload,
    DeadLetter,
    IngestTrace,
)


def _traffic(name: str) -> dict[type, object]:
    """A connection with one row of everything the sync and the inbox write."""
    connection = vuesim_connection_make(name)
    run = SyncRun.objects.create(connection=connection, trigger="schedule", status="succeeded")
    event = WebhookEvent.objects.create(
        connection=connection,
        event_id=f"evt-{name}",
        subject_external_id=f"iv-{name}",
        payload={"id": f"iv-{name}", "note": HOSTILE},
        status="quarantined",
    )
    batch = PulledBatch.objects.create(
        connection=connection,
        sync_run=run,
        lane=0,
        count=1,
        records=encode_records([RawRecord(f"iv-{name}", None, None, {"id": f"iv-{name}"})]),
        status="failed",
        error="lane crashed",
    )
    held = held_payload_make(
        connection,
        external_result_id=f"iv-{name}",
        webhook_event=event,
        raw=json.dumps({"id": f"iv-{name}", "note": HOSTILE, "名字": "张伟"}).encode(),
    )
    letter = DeadLetter.objects.create(
        connection=connection, kind="webhook", reference=f"evt-{name}", error="gave up"
    )
    trace = IngestTrace.objects.create(
        connection=connection,
        external_result_id=f"iv-{name}",
        origin="webhook",
        outcome="held",
        webhook_event=event,
        sync_run=run,
    )
    return {
        VendorConnection: connection,
        SyncRun: run,
        PulledBatch: batch,
        WebhookEvent: event,
        HeldPayload: held,
        DeadLetter: letter,
        IngestTrace: trace,
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("who", ["superuser_client", "hr_admin_client"])
def test_changelist_and_change_page_open_with_real_rows(request, who, model):
    client = request.getfixturevalue(who)
    row = _traffic("VueSim-A")[model]

    listed = client.get(admin_changelist_url(model))
    shown = client.get(admin_change_url(row))

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
    assert shown.status_code == 200
    assert shown.context["original"] == row


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_nothing_is_added_changed_or_deleted_in_admin(superuser_client, model):
    """Connections too: the HR pages' services create, re-key and pause them."""
    row = _traffic("VueSim-A")[model]
    meta = model._meta
    count = model.objects.count()

    added = superuser_client.post(reverse(f"admin:integrations_{meta.model_name}_add"), {})
    changed = superuser_client.post(admin_change_url(row), {"name": "renamed", "status": "done"})
    deleted = superuser_client.post(
        reverse(f"admin:integrations_{meta.model_name}_delete", args=[row.pk]), {"post": "yes"}
    )

    assert (added.status_code, changed.status_code, deleted.status_code) == (403, 403, 403)
    assert model.objects.count() == count
    assert not VendorConnection.objects.filter(name="renamed").exists()


def test_connection_page_says_whether_secrets_are_set_and_never_shows_them(superuser_client):
    connection = _traffic("VueSim-A")[VendorConnection]
    assert connection.credentials["client_secret"] == CLIENT_SECRET

    page = superuser_client.get(admin_change_url(connection), HTTP_ACCEPT_LANGUAGE="en")
    listed = superuser_client.get(admin_changelist_url(VendorConnection), HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    for secret in (CLIENT_SECRET, VUESIM_SECRET, VUESIM_SECRET.removeprefix("whsec_")[:12]):
        assert secret not in html
        assert secret not in listed.content.decode()
    assert "client_secret" not in html  # not even the credential's name
    assert "API credentials" in html
    assert html.count(">set<") == 2  # credentials and webhook secret: "set", nothing more
    assert "credentials" not in page.context["adminform"].form.fields
    assert "webhook_secrets" not in page.context["adminform"].form.fields


def test_a_connection_without_credentials_says_not_set(superuser_client):
    connection = _traffic("VueSim-A")[VendorConnection]
    VendorConnection.objects.filter(pk=connection.pk).update(credentials={}, webhook_secrets=[])

    html = superuser_client.get(
        admin_change_url(connection), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert html.count(">not set<") == 2


@pytest.mark.parametrize("model", [HeldPayload, WebhookEvent], ids=lambda m: m.__name__)
def test_vendor_payload_is_shown_indented_and_escaped(superuser_client, model):
    row = _traffic("VueSim-A")[model]

    html = superuser_client.get(admin_change_url(row)).content.decode()

    assert "&lt;script&gt;alert(&#x27;held&#x27;)&lt;/script&gt;" in html
    assert HOSTILE not in html
    assert "\n  &quot;id&quot;: &quot;iv-VueSim-A&quot;," in html  # indented JSON


def test_held_payload_that_is_not_json_is_shown_as_text(superuser_client):
    connection = vuesim_connection_make()
    held = held_payload_make(connection, raw=b"<b>not json</b>")

    html = superuser_client.get(admin_change_url(held)).content.decode()

    assert "<pre>&lt;b&gt;not json&lt;/b&gt;</pre>" in html


def test_pulled_batch_page_names_the_results_waiting(superuser_client):
    batch = _traffic("VueSim-A")[PulledBatch]

    html = superuser_client.get(admin_change_url(batch)).content.decode()

    assert "iv-VueSim-A" in html


def test_changelist_queries_do_not_grow_with_its_rows(hr_admin_client):
    """2 rows or 20: the same statements (the connection joined, its counts in subqueries)."""
    urls = [admin_changelist_url(model) for model in MODELS]
    for n in range(2):
        _traffic(f"VueSim-{n}")
    for url in urls:
        hr_admin_client.get(url)  # the session's first page may write it
    two_rows = {url: _queries_of(hr_admin_client, url, rows=2) for url in urls}

    for n in range(2, 20):
        _traffic(f"VueSim-{n}")
    twenty_rows = {url: _queries_of(hr_admin_client, url, rows=20) for url in urls}

    assert twenty_rows == two_rows


def _queries_of(client, url: str, *, rows: int) -> int:
    with CaptureQueriesContext(db) as queries:
        assert client.get(url).context["cl"].result_count == rows, url
    return len(queries)


def test_connection_list_counts_open_holds_and_dead_letters(superuser_client):
    connection = _traffic("VueSim-A")[VendorConnection]
    held_payload_make(connection, external_result_id="iv-2", status="resolved")
    held_payload_make(connection, external_result_id="iv-3")

    [row] = superuser_client.get(admin_changelist_url(VendorConnection)).context["cl"].result_list

    assert (row.open_holds, row.open_dead_letters) == (2, 1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_choice_of_every_filter_opens_and_narrows_the_list(superuser_client, model):
    for name in ("VueSim-A", "VueSim-B"):
        _traffic(name)
    HeldPayload.objects.filter(connection__name="VueSim-B").update(status="discarded")
    url = admin_changelist_url(model)
    whole = superuser_client.get(url).context["cl"]

    opened = 0
    for spec in whole.filter_specs:
        for choice in spec.choices(whole):
            response = superuser_client.get(url + choice["query_string"])
            assert response.status_code == 200, choice["query_string"]
            assert response.context["cl"].result_count <= whole.result_count
            opened += 1

    assert whole.filter_specs
    assert opened >= 2 * len(whole.filter_specs)


@pytest.mark.parametrize(
    ("model", "filters", "expected"),
    [
        (HeldPayload, {"status__exact": "open"}, {"VueSim-A"}),
        (HeldPayload, {"status__exact": "discarded"}, {"VueSim-B"}),
        (VendorConnection, {"state__exact": "paused"}, {"VueSim-B"}),
        (VendorConnection, {"deleted_at__isempty": "1"}, {"VueSim-A", "VueSim-B"}),
        (WebhookEvent, {"status__exact": "done"}, set()),
        (DeadLetter, {"resolved_at__isempty": "1"}, {"VueSim-A", "VueSim-B"}),
        (PulledBatch, {"status__exact": "failed"}, {"VueSim-A", "VueSim-B"}),
        (SyncRun, {"trigger__exact": "schedule"}, {"VueSim-A", "VueSim-B"}),
        (IngestTrace, {"origin__exact": "poll"}, set()),
    ],
)
def test_filters_keep_the_rows_they_name(superuser_client, model, filters, expected):
    for name in ("VueSim-A", "VueSim-B"):
        _traffic(name)
    HeldPayload.objects.filter(connection__name="VueSim-B").update(status="discarded")
    VendorConnection.objects.filter(name="VueSim-B").update(state="paused")

    rows = superuser_client.get(admin_changelist_url(model), filters).context["cl"].result_list

    names = {row.name if model is VendorConnection else row.connection.name for row in rows}
    assert names == expected


@pytest.mark.parametrize(
    ("model", "search"),
    [
        (VendorConnection, "VueSim-B"),
        (WebhookEvent, "evt-VueSim-B"),
        (WebhookEvent, "iv-VueSim-B"),
        (HeldPayload, "iv-VueSim-B"),
        (DeadLetter, "evt-VueSim-B"),
        (IngestTrace, "iv-VueSim-B"),
    ],
)
def test_search_finds_one_connections_rows(superuser_client, model, search):
    for name in ("VueSim-A", "VueSim-B"):
        _traffic(name)

    rows = (
        superuser_client.get(admin_changelist_url(model), {"q": search}).context["cl"].result_list
    )

    names = [row.name if model is VendorConnection else row.connection.name for row in rows]
    assert names == ["VueSim-B"]


def test_staff_without_connection_permission_is_refused(client):
    rows = _traffic("VueSim-A")
    client.force_login(UserFactory(roles=[Role.RECRUITER], is_staff=True))

    for model, row in rows.items():
        assert client.get(admin_changelist_url(model)).status_code == 403, model
        assert client.get(admin_change_url(row)).status_code == 403, model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_users_without_admin_site_access_are_sent_to_its_sign_in(client, model):
    row = _traffic("VueSim-A")[model]
    client.force_login(UserFactory(roles=[Role.HR_ADMIN]))  # no is_staff

    for url in (admin_changelist_url(model), admin_change_url(row)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", MODELS[1:], ids=lambda m: m.__name__)
def test_connection_column_and_filter_are_labelled_in_chinese(superuser_client, model):
    """The foreign key has no verbose name of its own; admin gives it a translated one."""
    _traffic("VueSim-A")

    html = superuser_client.get(admin_changelist_url(model), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    text = html.decode()

    assert "供应商连接" in text
    assert "Connection" not in text
    assert "以 connection" not in text
