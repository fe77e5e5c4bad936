"""Tasks are named after the services they run; a message queued under a former name
(before an upgrade) still runs, sent on under the current name."""

import pytest
from celery import current_app

from recruiting import task_names


@pytest.mark.parametrize(("former", "current"), sorted(task_names.FORMER_NAMES.items()))
def test_a_message_under_a_former_name_is_sent_on_under_the_current_one(
    monkeypatch: pytest.MonkeyPatch, former: str, current: str
):
    from hrflow.celery import app

    app.loader.import_default_modules()
    sent: list[tuple[str, list[object]]] = []
    monkeypatch.setattr(
        current_app,
        "send_task",
        lambda name, args=(), kwargs=None, **options: sent.append((name, list(args))),
    )

    app.tasks[former](7, 2)

    assert sent == [(current, [7, 2])]
