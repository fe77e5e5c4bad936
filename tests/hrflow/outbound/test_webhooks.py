"""Events pushed to webhook subscribers: signed so the Standard Webhooks reference library
accepts them, in order, each once a receiver took it, retried (not skipped) when it did
not; the minute beat's task delivers them through a real worker."""

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from hrflow.core.models import AuditEvent
from hrflow.outbound.models import WebhookSubscription
from hrflow.outbound.services import outbound_event_write
from hrflow.outbound.webhooks import (
    webhook_secret_rotate,
    webhook_subscription_create,
    webhooks_deliver_due,
)
from tests.recruiting.vendors.harness import wait_until


class Receiver:
    """A subscriber's endpoint on 127.0.0.1: keeps what it got, fails when told to."""

    def __init__(self) -> None:
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.fail_next = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/hrflow"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def types(self) -> list[str]:
        return [json.loads(body)["type"] for _headers, body in self.got]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.server.shutdown()
    running.server.server_close()


def _event(topic: str, n: int) -> None:
    with transaction.atomic():
        outbound_event_write(topic=topic, key=f"{topic}:{n}", payload={"employee_id": n})


@pytest.mark.django_db
def test_events_arrive_signed_in_order_from_the_subscription_on(receiver: Receiver) -> None:
    _event("employee.hired", 0)  # before the subscription: not sent
    subscription = webhook_subscription_create(
        name="IT 账号系统", url=receiver.url, topics=["employee.hired"], actor=None
    )
    _event("employee.hired", 1)
    _event("employee.changed", 2)  # another topic
    _event("employee.hired", 3)

    assert webhooks_deliver_due() == 2

    verifier = Webhook(str(subscription.secret))
    payloads = [verifier.verify(body, headers) for headers, body in receiver.got]
    assert [(p["type"], p["data"]["employee_id"]) for p in payloads] == [
        ("employee.hired", 1),
        ("employee.hired", 3),
    ]
    assert len({headers["webhook-id"] for headers, _body in receiver.got}) == 2
    with pytest.raises(WebhookVerificationError):
        Webhook(str(webhook_subscription_create(
            name="other", url=receiver.url, actor=None
        ).secret)).verify(receiver.got[0][1], receiver.got[0][0])  # fmt: skip
    assert webhooks_deliver_due() == 0  # nothing twice
    assert AuditEvent.objects.filter(action="outbound.webhook_subscription_create").count() == 2


@pytest.mark.django_db
def test_a_receiver_that_fails_gets_the_same_event_again_later_and_nothing_skipped(
    receiver: Receiver,
) -> None:
    subscription = webhook_subscription_create(name="OA", url=receiver.url, actor=None)
    _event("employee.hired", 1)
    _event("employee.changed", 2)
    receiver.fail_next = 1

    assert webhooks_deliver_due() == 0
    subscription.refresh_from_db()
    assert subscription.failures == 1
    assert "HTTP 503" in subscription.last_error
    assert subscription.next_attempt_at > timezone.now()
    assert webhooks_deliver_due() == 0  # waiting out the failure: not tried at once

    assert webhooks_deliver_due(now=subscription.next_attempt_at + timedelta(seconds=1)) == 2
    assert receiver.types() == ["employee.hired", "employee.changed"]
    subscription.refresh_from_db()
    assert (subscription.failures, subscription.last_error, subscription.next_attempt_at) == (
        0, "", None,
    )  # fmt: skip


@pytest.mark.django_db
def test_a_dead_address_waits_longer_each_time_and_an_inactive_subscription_gets_nothing(
    receiver: Receiver,
) -> None:
    dead = webhook_subscription_create(name="gone", url="http://127.0.0.1:9/", actor=None)
    paused = webhook_subscription_create(name="paused", url=receiver.url, actor=None)
    WebhookSubscription.objects.filter(pk=paused.pk).update(is_active=False)
    _event("employee.hired", 1)

    waits = []
    for _ in range(3):
        dead.refresh_from_db()
        now = dead.next_attempt_at or timezone.now()
        webhooks_deliver_due(now=now)
        dead.refresh_from_db()
        waits.append(dead.next_attempt_at - now)
    assert waits[0] < waits[1] < waits[2]
    assert dead.failures == 3
    assert "ConnectError" in dead.last_error
    assert receiver.got == []


@pytest.mark.django_db
def test_a_new_secret_signs_the_next_delivery(receiver: Receiver) -> None:
    subscription = webhook_subscription_create(name="OA", url=receiver.url, actor=None)
    old = str(subscription.secret)
    new = webhook_secret_rotate(subscription=subscription, actor=None)
    _event("employee.hired", 1)

    webhooks_deliver_due()

    headers, body = receiver.got[0]
    assert Webhook(new).verify(body, headers)["data"] == {"employee_id": 1}
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM outbound_webhooksubscription WHERE id = %s", [subscription.pk]
        )
        (stored,) = cursor.fetchone()
    assert stored.startswith("gAAAA")  # a Fernet token: encrypted at rest
    assert new not in stored


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_pushes_through_a_real_worker(celery_worker_process, receiver) -> None:
    from hrflow.outbound.tasks import webhooks_deliver_task

    subscription = webhook_subscription_create(name="OA", url=receiver.url, actor=None)
    _event("employee.hired", 7)

    webhooks_deliver_task.delay()

    wait_until(lambda: receiver.got, timeout=60)
    headers, body = receiver.got[0]
    assert Webhook(str(subscription.secret)).verify(body, headers)["data"] == {"employee_id": 7}


@pytest.mark.django_db
def test_an_admin_adds_a_subscription_through_the_service_and_sees_its_secret(client) -> None:
    from tests.hrflow.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    _event("employee.hired", 1)  # already there: the new subscriber starts after it
    response = client.post(
        "/admin/outbound/webhooksubscription/add/",
        {"name": "OA", "url": "https://oa.example.com/hooks", "topics": '["employee.hired"]',
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    made = WebhookSubscription.objects.get()
    assert str(made.secret).startswith("whsec_")
    assert made.cursor > 0
    assert AuditEvent.objects.filter(action="outbound.webhook_subscription_create").exists()
    page = client.get(f"/admin/outbound/webhooksubscription/{made.pk}/change/")
    assert str(made.secret) in page.content.decode()
    refused = client.post(
        "/admin/outbound/webhooksubscription/add/",
        {"name": "bad", "url": "ftp://files.example.com/", "topics": "[]"},
    )
    assert refused.status_code == 200
    assert WebhookSubscription.objects.count() == 1
