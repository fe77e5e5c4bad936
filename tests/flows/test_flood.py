"""A webhook flood: N deliveries with 20% duplicates, shuffled, 5% bad signatures, 2% malformed.

Real path: signed VueSim events (full payloads) are POSTed by eight concurrent
senders to the live server, the inbox records them, the real worker processes
them. Exactly the distinct valid results are stored, every bad one is refused
or held, none is lost. N is HRFLOW_FLOOD_DELIVERIES (default 5,000; 1,000 under CI).
"""

import json
import os
import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from integrations.connections import adapter_for
from integrations.models import HeldPayload, WebhookEvent
from recruiting.models import Assessment
from recruiting.vendors.refs import candidate_ref
from tests.fixtures.vendor_connections import vuesim_headers
from tests.recruiting.vendors.harness import Harness, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
# CI runs it small (RELIABILITY: slow tests still run in CI, kept small); 5,000 otherwise.
DELIVERIES = int(
    os.environ.get("HRFLOW_FLOOD_DELIVERIES", "1000" if os.environ.get("CI") else "5000")
)
SENDERS = 8


def _headers(body: bytes, event_id: str, secret: str) -> dict[str, str]:
    signed = vuesim_headers(body, event_id=event_id, secret=secret)
    return {key[5:].replace("_", "-").lower(): value for key, value in signed.items()} | {
        "content-type": "application/json"
    }


def test_a_flood_of_webhooks_stores_exactly_the_distinct_valid_results(
    celery_worker_process, live_server
):
    generator = random.Random(4)
    duplicates, forged, malformed = (
        round(DELIVERIES * 0.20),
        round(DELIVERIES * 0.05),
        round(DELIVERIES * 0.02),
    )
    distinct = DELIVERIES - duplicates - forged - malformed
    harness = Harness("vuesim")
    try:
        secret = harness.connection.webhook_secrets[0]
        references = [candidate_ref(a) for a in harness.applications]
        harness.control("POST", "config", {"rate_limit": 0})
        harness.control("POST", "bulk", {"count": distinct, "external_ids": references})
        harness.page_size(200)
        adapter = adapter_for(harness.connection)
        interviews, token = [], None
        while True:
            page = adapter.fetch_results(timezone.now() - timedelta(days=1), token)
            interviews += [record.body for record in page.items]
            token = page.next_page_token
            if page.exhausted:
                break
        adapter.close()
        assert len(interviews) == distinct

        def event(index: int, interview: dict) -> tuple[str, bytes]:
            body = {
                "type": "interview.scored",
                "timestamp": interview["updated_at"],
                "data": interview,
            }
            return f"msg_flood_{index}", json.dumps(body).encode()

        valid = [event(i, interview) for i, interview in enumerate(interviews)]
        deliveries = [(event_id, body, secret) for event_id, body in valid]
        deliveries += [(*generator.choice(valid), secret) for _ in range(duplicates)]
        wrong = "whsec_" + "QUFB" * 11
        deliveries += [
            (f"msg_forged_{i}", generator.choice(valid)[1], wrong) for i in range(forged)
        ]
        deliveries += [
            (f"msg_broken_{i}", generator.choice(valid)[1][:-40], secret) for i in range(malformed)
        ]
        generator.shuffle(deliveries)
        url = live_server.url + reverse("integrations:webhook", args=[harness.connection.uuid])

        def send(chunk: list[tuple[str, bytes, str]]) -> list[int]:
            with httpx.Client(timeout=30) as client:
                return [
                    client.post(
                        url, content=body, headers=_headers(body, event_id, key)
                    ).status_code
                    for event_id, body, key in chunk
                ]

        started = time.monotonic()
        with ThreadPoolExecutor(SENDERS) as pool:
            statuses = [
                s
                for part in pool.map(send, [deliveries[i::SENDERS] for i in range(SENDERS)])
                for s in part
            ]
        sent_seconds = time.monotonic() - started
        events = WebhookEvent.objects.filter(connection=harness.connection)

        def settled() -> bool:
            by_status = dict(events.values_list("status").annotate(n=Count("pk")))
            last.update(by_status)
            wanted = {"done", "quarantined"}
            return sum(by_status.values()) == distinct + malformed and set(by_status) <= wanted

        last: dict[str, int] = {}
        try:
            wait_until(settled, timeout=max(60.0, DELIVERIES / 10), every=1)
        except AssertionError as error:
            raise AssertionError(f"{error}; events by status: {last}") from None
        processed_seconds = time.monotonic() - started

        assert statuses.count(401) == forged
        assert statuses.count(200) == DELIVERIES - forged
        stored = Assessment.objects.filter(source=harness.connection.source_key)
        assert sorted(stored.values_list("external_id", flat=True)) == sorted(
            i["id"] for i in interviews
        )
        assert sum(events.values_list("duplicates", flat=True)) == duplicates
        held = HeldPayload.objects.filter(connection=harness.connection)
        assert held.filter(kind="unreadable").count() == malformed
        assert held.count() == malformed
        assert events.filter(status="done").count() == distinct
        print(  # figures for the closing note (pytest -s)
            f"\nflood: {DELIVERIES} deliveries ({distinct} distinct, {duplicates} duplicates, "
            f"{forged} forged, {malformed} malformed) sent in {sent_seconds:.1f} s "
            f"({DELIVERIES / sent_seconds:.0f}/s by {SENDERS} senders), all processed after "
            f"{processed_seconds:.1f} s; stored {stored.count()}, refused {statuses.count(401)}, "
            f"held {held.count()}, lost 0"
        )
    finally:
        harness.close()
