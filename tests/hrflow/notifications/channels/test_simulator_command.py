"""`manage.py notification_simulator sms|chat`: serves on loopback, prints what to configure,
stops cleanly on SIGTERM, and needs no database."""

import re
import signal
import subprocess

import httpx
import pytest

from tests.fixtures.simulator_command import simulator_command_start


def start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    return simulator_command_start("notification_simulator", *args)


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    return output


@pytest.mark.slow
def test_sms_simulator_prints_the_settings_to_use_and_stops_on_sigterm():
    process, lines = start("sms", "--port", "0")
    try:
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", lines[0])
        assert url, lines
        assert f"  HRFLOW_SMS_ENDPOINT={url[1]}/" in lines
        assert "  HRFLOW_SMS_ACCESS_KEY_ID=hrflow-sim-key" in lines
        config = httpx.get(f"{url[1]}/__sim__/config").json()
        assert "SMS_HRFLOW_OFFER_SENT" in config["templates"]
    finally:
        output = stop(process)
    assert "sms simulator stopped." in output


@pytest.mark.slow
def test_chat_simulator_prints_its_demo_robots():
    process, lines = start("chat", "--port", "0")
    try:
        url = re.search(r"listening on (http://127\.0\.0\.1:\d+)", lines[0])
        assert url, lines
        wecom = next(line for line in lines if line.startswith("  wecom: "))
        webhook = wecom.removeprefix("  wecom: ")
        answer = httpx.post(webhook, json={"msgtype": "text", "text": {"content": "hi"}}).json()
        assert answer == {"errcode": 0, "errmsg": "ok"}
        posted = httpx.get(f"{url[1]}/__sim__/messages").json()["messages"]
        assert [message["text"] for message in posted] == ["hi"]
    finally:
        output = stop(process)
    assert "chat simulator stopped." in output
