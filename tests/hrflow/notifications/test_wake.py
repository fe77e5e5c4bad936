"""One queued delivery run for many committed messages, and a new run once it started."""

import uuid

import pytest
from celery import current_app
from django.core.cache import cache
from django.db import transaction

from hrflow.notifications import wake
from hrflow.notifications.services import outbox_enqueue
from hrflow.notifications.wake import delivery_wake_clear

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tasks sent, while they still go to the real broker."""
    names: list[str] = []
    real = current_app.send_task

    def spy(name: str, *args: object, **kwargs: object) -> object:
        names.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(current_app, "send_task", spy)
    # A mark of this test's own: a Celery worker an earlier test started runs the
    # deliveries these send and clears the real mark as each run starts.
    monkeypatch.setattr(wake, "WAKE_MARK", f"{wake.WAKE_MARK}:test-{uuid.uuid4().hex}")
    return names


def _queue(key: str) -> None:
    outbox_enqueue(
        idempotency_key=key, channel="email", event="hr_message", recipient="a@example.com"
    )


def test_many_messages_in_one_commit_wake_one_run(sent: list[str]):
    with transaction.atomic():
        for number in range(3):
            _queue(f"wake-{number}")

    assert sent == ["notifications.deliver_due"]
    assert cache.get(wake.WAKE_MARK) == 1  # a later commit finds the run queued


def test_a_commit_after_the_run_started_wakes_another(sent: list[str]):
    with transaction.atomic():
        _queue("wake-first")
    delivery_wake_clear()  # what the run does first
    with transaction.atomic():
        _queue("wake-second")

    assert sent == ["notifications.deliver_due", "notifications.deliver_due"]


def test_a_rolled_back_transaction_wakes_nothing_and_blocks_nothing(sent: list[str]):
    def queue_and_fail() -> None:
        with transaction.atomic():
            _queue("wake-rolled-back")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        queue_and_fail()
    with transaction.atomic():
        _queue("wake-kept")

    assert sent == ["notifications.deliver_due"]
