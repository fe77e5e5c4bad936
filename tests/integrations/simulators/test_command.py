"""`manage.py vendor_simulator`: starts on loopback, prints URL and credentials, stops
cleanly on SIGTERM, and needs no database."""

import re
import signal
import subprocess
import time

import httpx

from tests.fixtures.simulator_command import simulator_command_start


def _start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    return simulator_command_start("vendor_simulator", *args)


def test_command_serves_on_loopback_and_stops_on_sigterm():
    process, lines = _start(
        "mianshibao", "--port", "0", "--seed", "5", "--webhook-url", "http://127.0.0.1:9/hook"
    )
    try:
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", lines[0])
        assert url, lines
        assert "  app_key: msb-demo-appkey" in lines
        assert "  app_secret: msb-demo-secret" in lines
        state = httpx.get(f"{url[1]}/__sim__/state").json()
        assert (state["vendor"], state["seed"]) == ("mianshibao", 5)
        assert state["webhook"]["url"] == "http://127.0.0.1:9/hook"
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    assert "mianshibao simulator stopped." in output


def test_command_takes_the_vuesim_secret_and_auto_completes():
    secret = "whsec_dGVzdC1zZWNyZXQtZm9yLXRoZS1jb21tYW5kIQ=="
    process, lines = _start(
        "vuesim", "--port", "0", "--webhook-secret", secret, "--auto-complete-seconds", "0.1"
    )
    try:
        url = re.search(r"(http://127\.0\.0\.1:\d+)", lines[0])[1]
        assert f"  webhook_secrets: ['{secret}']" in lines
        assert "  client_id: vuesim-client" in lines
        ids = httpx.post(f"{url}/__sim__/candidates", json={"count": 1}).json()["ids"]
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            interview = httpx.get(f"{url}/__sim__/interviews/{ids[0]}").json()["interview"]
            if interview["status"] == "scored":
                break
            time.sleep(0.05)
        assert interview["status"] == "scored"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=15)
    assert process.returncode == 0
