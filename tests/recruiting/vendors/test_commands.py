"""`manage.py vendor_connection add|list|test|sync` and the beat task that starts syncs."""

import io
from datetime import timedelta

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from integrations.models import SyncRun, VendorConnection
from integrations.simulators import start_in_thread
from recruiting.vendors.refs import candidate_ref
from tests.recruiting.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("vendor_connection", *args, stdout=out)
    return out.getvalue()


def test_an_operator_adds_lists_tests_and_syncs_a_connection_from_the_shell():
    simulator = start_in_thread("vuesim", seed=3)
    try:
        simulator_url = simulator.url
        credentials = simulator.credentials()
        application = ApplicationFactory()
        with httpx.Client(base_url=simulator_url) as http:
            http.post("/__sim__/clock", json={"offset_seconds": -300})
            http.post(
                "/__sim__/scenario", json={"name": "S1", "external_id": candidate_ref(application)}
            )

        added = _run(
            "add",
            "--name",
            "VueSim ops",
            "--vendor",
            "vuesim",
            "--base-url",
            simulator_url,
            "--credential",
            f"client_id={credentials['client_id']}",
            "--credential",
            f"client_secret={credentials['client_secret']}",
            "--backfill-days",
            "2",
        )
        listed = _run("list")
        tested = _run("test", "VueSim ops")
        synced = _run("sync", "VueSim ops")

        connection = VendorConnection.objects.get(name="VueSim ops")
        assert f"/integrations/webhooks/{connection.uuid}/" in added
        assert "whsec_" in added
        assert "VueSim ops [vuesim] active" in listed
        assert "Connected" in tested
        assert "created 1" in synced
        assert "succeeded" in synced
        assert timezone.now() - connection.backfill_from > timedelta(days=1, hours=23)
    finally:
        simulator.stop()


def test_the_command_says_what_is_wrong_and_exits_non_zero(vuesim_connection):
    with pytest.raises(CommandError, match="Client ID, Client secret"):
        _run("add", "--name", "x", "--vendor", "vuesim", "--base-url", "http://127.0.0.1:9")
    with pytest.raises(CommandError, match="reach"):
        _run("test", vuesim_connection.name)
    with pytest.raises(CommandError, match="no connection"):
        _run("sync", "nobody")


def test_beat_starts_each_due_connection_once_per_interval(vuesim_connection, msb_connection):
    from hrflow.celery import app
    from recruiting.tasks import vendor_work_resume_task

    VendorConnection.objects.filter(pk=msb_connection.pk).update(state="paused")

    first = vendor_work_resume_task()
    second = vendor_work_resume_task()

    assert (first, second) == (1, 0)  # the paused one is skipped; the other waits its interval
    vuesim_connection.refresh_from_db()
    assert vuesim_connection.next_sync_at > timezone.now() + timedelta(minutes=4)
    assert not SyncRun.objects.exists()  # only queued here; the worker runs it
    with app.connection_for_write() as connection:  # leave no message for later tests
        connection.default_channel.queue_purge("integrations")
