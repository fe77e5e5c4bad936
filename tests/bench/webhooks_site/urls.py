"""The project's URLs, plus a bare Django view that inserts the row our receiver inserts.

The baseline of tests/bench/webhooks.py: a plain view in the same project (same
middleware, same database) that reads the body, parses it and inserts the same
WebhookEvent row (the payload encrypted by its field, as ours is), and nothing
else: no connection lookup, no signature check, no replay window, no duplicate
handling. `queued/` also queues the same processing task after commit (one
Celery message per delivery), so that the worker records what it received.
"""

import json

from celery import current_app
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from integrations.models import WebhookEvent
from recruiting.task_names import WEBHOOK_EVENT_PROCESS


def _insert(request: HttpRequest, connection_id: int, *, queue: bool) -> HttpResponse:
    payload = json.loads(request.body)
    data = payload["data"]
    with transaction.atomic():
        row = WebhookEvent.objects.create(
            connection_id=connection_id,
            event_id=request.headers["webhook-id"],
            event_type=payload["type"],
            subject_external_id=data["id"],
            payload=data,
            is_thin=False,
            status=WebhookEvent.Status.RECEIVED,
        )
        if queue:
            transaction.on_commit(
                lambda: current_app.send_task(WEBHOOK_EVENT_PROCESS, args=[row.pk])
            )
    return HttpResponse(b'{"ok":true}', content_type="application/json")


@csrf_exempt
def bare_view(request: HttpRequest, connection_id: int) -> HttpResponse:
    return _insert(request, connection_id, queue=False)


@csrf_exempt
def bare_queued_view(request: HttpRequest, connection_id: int) -> HttpResponse:
    return _insert(request, connection_id, queue=True)


urlpatterns = [
    path("bench/bare/<int:connection_id>/", bare_view),
    path("bench/bare/<int:connection_id>/queued/", bare_queued_view),
    path("", include("hrflow.urls")),
]
