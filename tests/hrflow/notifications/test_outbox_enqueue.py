import pytest

from hrflow.notifications.models import OutboxMessage
from hrflow.notifications.services import outbox_enqueue

pytestmark = pytest.mark.django_db


def test_same_idempotency_key_queues_one_message():
    """A task that runs twice (Celery redelivery) cannot queue a second copy."""
    first, created_first = outbox_enqueue(
        idempotency_key="application:1:received",
        channel="email",
        event="received",
        recipient="a@example.com",
        subject="Hi",
    )
    second, created_second = outbox_enqueue(
        idempotency_key="application:1:received",
        channel="email",
        event="received",
        recipient="a@example.com",
        subject="Changed",
    )

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert OutboxMessage.objects.get().subject == "Hi"
    assert first.status == OutboxMessage.Status.PENDING


def test_invalid_message_is_refused_and_nothing_is_written():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        outbox_enqueue(idempotency_key="k", channel="pigeon", event="x", recipient="a@b.c")
    assert not OutboxMessage.objects.exists()
