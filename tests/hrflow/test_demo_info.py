"""`make demo-info` (python -m hrflow.demo info) and where the demo's e-mails go."""

import os

import pytest
from django.core.mail import EmailMessage, get_connection

from hrflow import demo
from hrflow.accounts.demo import DEMO_ACCOUNTS

STATE = {
    "url": "http://127.0.0.1:8123/",
    "log_dir": "/somewhere/demo-logs",
    "sms_url": "http://127.0.0.1:8711",
    "chat_url": "http://127.0.0.1:8712",
    "portal_address": "wangfang1@example.com",
    "ready_seconds": 12.5,
}


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("HRFLOW_DEMO_PASSWORD", "demo-secret-123")
    return "demo-secret-123"


def test_info_prints_the_running_demos_address_logins_and_logs(tmp_path, password, capsys):
    demo.state_write(tmp_path, {**STATE, "pid": os.getpid()})

    assert demo.info(tmp_path) == 0

    out = capsys.readouterr().out
    assert "hrflow is running at http://127.0.0.1:8123/" in out
    assert password in out
    for account in DEMO_ACCOUNTS:
        assert account.email in out
    assert "http://127.0.0.1:8123/careers/" in out
    assert "/somewhere/demo-logs/mail.log" in out
    assert "wangfang1@example.com" in out


def test_info_says_when_the_demo_is_not_running(tmp_path, password, capsys):
    demo.state_write(tmp_path, {**STATE, "pid": 2**22 + 7})  # above Linux's pid_max

    assert demo.info(tmp_path) == 1

    assert "NOT running" in capsys.readouterr().out


def test_info_before_any_demo_says_how_to_start_one(tmp_path, capsys):
    assert demo.info(tmp_path) == 1
    assert "make demo" in capsys.readouterr().out


def test_the_demos_e_mails_go_to_the_mail_log_not_the_terminal(tmp_path, monkeypatch, capsys):
    for name in ("HRFLOW_EMAIL_BACKEND", demo.MAIL_LOG_ENV):
        monkeypatch.delenv(name, raising=False)
    demo.demo_environment(tmp_path)
    # The worker finds the backend by the name the demo gives it.
    backend = get_connection(os.environ["HRFLOW_EMAIL_BACKEND"])
    assert isinstance(backend, demo.MailLogBackend)

    sent = backend.send_messages(
        [EmailMessage("您的申请已收到", "王芳，您好", to=["wangfang1@example.com"])]
    )
    backend.close()

    assert sent == 1
    logged = (tmp_path / "mail.log").read_text(encoding="utf-8")
    assert "wangfang1@example.com" in logged
    assert "王芳，您好" in logged
    assert "Subject: 您的申请已收到" in logged  # readable, not only RFC 2047-encoded
    assert "wangfang1@example.com" not in capsys.readouterr().out
