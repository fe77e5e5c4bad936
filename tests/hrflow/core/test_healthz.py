"""/healthz: database, Redis and worker liveness as JSON; 503 when one is down."""

import socket

import pytest

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_all_up_answers_200(client, celery_worker_process):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }
    assert response["Cache-Control"] == "no-store"


def test_redis_unreachable_answers_503(client, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["redis"]["ok"] is False
    assert checks["redis"]["detail"] == "ConnectionError"
    assert checks["celery"] == {"ok": False, "latency_ms": 0.0, "detail": "broker unreachable"}


def test_no_worker_answers_503(client, settings):
    """Redis is up but no worker listens on this broker database."""
    settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/13"

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is True
    assert checks["celery"]["ok"] is False


def test_container_probe_host_is_accepted(client, settings):
    """Probes call http://127.0.0.1:8000/healthz whatever ALLOWED_HOSTS says."""
    settings.ALLOWED_HOSTS = ["hr.example.com"]
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_closed_port()}/0"

    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")

    assert response.status_code == 503  # answered, not 400 DisallowedHost
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_only_get_and_head_are_answered(client):
    assert client.post("/healthz").status_code != 200
