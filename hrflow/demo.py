"""`make demo`: prepare the database, then run web, worker, beat and the two vendor
simulators in the foreground.

The simulators are connected like real vendors (a connection each, AI-interview
stages pointed at them, webhooks to our endpoint) and complete one pending
interview every few seconds, so results arrive while you watch. One Ctrl-C stops
everything; if one of them dies, the others are stopped too,
so the demo never keeps running half-broken. PostgreSQL and Redis were found
(or started embedded) by `python -m hrflow.devservices up` just before.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import IO

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD_FILE = BASE_DIR / ".data" / "demo-password"
STOP_GRACE_SECONDS = 15
WEB_READY_TIMEOUT_SECONDS = 90
SIMULATOR_PORTS = {"vuesim": 8701, "mianshibao": 8702, "sms": 8711, "chat": 8712}
VENDOR_SIMULATORS = ("vuesim", "mianshibao")
# A candidate "finishes" an AI interview on each simulator this often.
COMPLETE_EVERY_SECONDS = 15


def demo_password() -> str:
    """HRFLOW_DEMO_PASSWORD, else a random one made on the first run and kept in .data/.

    Never a password printed in the docs: Odoo's CVE-2021-45111 was demo data with
    known credentials left on real sites.
    """
    if os.environ.get("HRFLOW_DEMO_PASSWORD"):
        return os.environ["HRFLOW_DEMO_PASSWORD"]
    if not PASSWORD_FILE.exists():
        PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
        PASSWORD_FILE.write_text(f"demo-{secrets.token_urlsafe(8)}\n")
        PASSWORD_FILE.chmod(0o600)
    return PASSWORD_FILE.read_text().strip()


def prepare_database(password: str) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_periodic_tasks")
    call_command("seed_demo_org")
    call_command("seed_demo_accounts", password=password, verbosity=0)
    from recruiting.models import Candidate, Job

    # Sample jobs and applications on the first run only, after the demo
    # accounts so the recruiter and manager are on them; later runs keep what
    # is there (the seed refuses a database holding candidates or jobs anyway).
    if not Candidate.objects.exists() and not Job.objects.exists():
        call_command("seed", applications=300)


def simulator_urls(host: str) -> dict[str, str]:
    """The simulators' addresses: their usual ports, or free ones when those are taken."""
    urls = {}
    for vendor, port in SIMULATOR_PORTS.items():
        if not port_is_free(host, port):
            with socket.socket() as probe:
                probe.bind((host, 0))
                port = probe.getsockname()[1]
        urls[vendor] = f"http://{host}:{port}"
    return urls


def prepare_vendors(urls: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Connections for the simulators; the argv that starts each one, wired to them."""
    from recruiting.demo.screening import (
        demo_screening_rules_ensure,
        demo_self_identification_ensure,
    )
    from recruiting.demo.vendors import DEMO_VENDORS, demo_connections_ensure
    from recruiting.vendors.connections import webhook_url

    connections = demo_connections_ensure({vendor: urls[vendor] for vendor in VENDOR_SIMULATORS})
    demo_screening_rules_ensure()  # results that arrive are decided at once
    demo_self_identification_ensure()  # so the rule editor's fairness figures show
    commands = []
    for demo, connection in zip(DEMO_VENDORS, connections, strict=True):
        port = urls[demo.vendor].rsplit(":", 1)[1]
        argv = [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "vendor_simulator",
            demo.vendor,
            "--port",
            port,
            "--seed",
            "7",
            "--auto-complete-seconds",
            str(COMPLETE_EVERY_SECONDS),
            "--webhook-url",
            webhook_url(connection),
            "--webhook-secret",
            demo.webhook_secret,
        ]
        commands.append((demo.vendor, argv))
    return commands


def prepare_notifications(urls: dict[str, str]) -> list[tuple[str, list[str]]]:
    """SMS to the local Aliyun simulator, HR alerts to its WeCom robot; their argv."""
    from hrflow.notifications.demo import demo_chat_robot_ensure, demo_sms_environment

    demo_sms_environment(urls["sms"])
    demo_chat_robot_ensure(urls["chat"])
    return [
        (
            which,
            [
                sys.executable,
                str(BASE_DIR / "manage.py"),
                "notification_simulator",
                which,
                "--port",
                urls[which].rsplit(":", 1)[1],
            ],
        )
        for which in ("sms", "chat")
    ]


def invite_waiting() -> None:
    """Invite the candidates already waiting in AI-interview stages (the worker calls out)."""
    from recruiting.demo.vendors import demo_invite_waiting

    queued = demo_invite_waiting()
    print(f"queued {queued} AI-interview invitation(s) at the simulators", flush=True)


def _pump(name: str, stream: IO[str]) -> None:
    for line in stream:
        sys.stdout.write(f"{name:<6}| {line}")
        sys.stdout.flush()


def start(name: str, argv: list[str]) -> subprocess.Popen[str]:
    # Each child leads its own process group: Ctrl-C reaches only this
    # supervisor, which then stops every group whole (gunicorn's and Celery's
    # own worker processes included) with one signal each.
    process = subprocess.Popen(  # noqa: S603 - our own argv, no shell
        argv,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        start_new_session=True,
    )
    threading.Thread(target=_pump, args=(name, process.stdout), daemon=True).start()
    return process


def wait_until_serving(url: str, processes: dict[str, subprocess.Popen[str]]) -> bool:
    deadline = time.monotonic() + WEB_READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes.values()):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback URL
                return True
        except OSError:
            time.sleep(0.5)
    return False


def _signal_group(process: subprocess.Popen[str], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop_all(processes: dict[str, subprocess.Popen[str]]) -> None:
    """SIGTERM every group (warm shutdown), then SIGKILL what is left after the grace time."""
    for process in processes.values():
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for process in processes.values():
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        # Leaders may be gone while their workers linger; the group goes whole.
        _signal_group(process, signal.SIGKILL)


def port_is_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def print_banner(url: str, password: str, started: float, sms_url: str, chat_url: str) -> None:
    from hrflow.accounts.demo import DEMO_ACCOUNTS

    width = max(len(account.email) for account in DEMO_ACCOUNTS)
    lines = [
        "",
        "=" * 64,
        f" hrflow is running at {url}   (ready in {time.monotonic() - started:.1f} s)",
        f" Django admin: {url}admin/      health: {url}healthz",
        " Demo logins (password for all: " + password + "):",
    ]
    for account in DEMO_ACCOUNTS:
        roles = ", ".join(role.value for role in account.roles)
        lines.append(f"   {account.email:<{width}}  {roles}")
    lines += [
        f" AI-interview results arrive from the simulators: {url}recruiting/integrations/",
        " Messages: e-mails are printed in the worker log; texts the candidates got:",
        f"   {sms_url}/__sim__/messages   HR alerts in the team chat: {chat_url}/__sim__/messages",
        f" Candidate portal: {url}portal/  sign in with a demo candidate's address,",
        f"   e.g. {portal_demo_address()}; the sign-in e-mail is printed in the worker log.",
        " Press Ctrl-C to stop web, worker, beat and the simulators.",
        "=" * 64,
        "",
    ]
    print("\n".join(lines), flush=True)


def portal_demo_address() -> str:
    """A demo candidate whose portal has something to show: an AI interview under way.

    The seeded data has duplicate records on purpose (for HR's merge); the sign-in
    finds one record per address, so the example is an address only one record has.
    """
    from django.db.models import Count

    from recruiting.models import Application, Candidate, StageKind

    unique = (
        Candidate.objects.live()
        .exclude(email="")
        .values("email")
        .annotate(records=Count("pk"))
        .filter(records=1)
        .values("email")
    )
    application = (
        Application.objects.filter(
            status=Application.Status.ACTIVE,
            stage__kind=StageKind.AI_INTERVIEW,
            candidate__merged_into__isnull=True,
            candidate__email__in=unique,
        )
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    return application.candidate.email if application else "(no demo candidate yet)"


def main() -> int:
    started = time.monotonic()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")
    host = os.environ.get("HRFLOW_HOST", "127.0.0.1")
    port = os.environ.get("HRFLOW_PORT", "8000")
    if not port_is_free(host, int(port)):
        print(
            f"{host}:{port} is already in use (another `make demo`?). "
            "Stop it, or pick another port: HRFLOW_PORT=8001 make demo",
            file=sys.stderr,
        )
        return 2
    password = demo_password()
    url = f"http://{host}:{port}/"
    os.environ.setdefault("HRFLOW_PUBLIC_URL", url.rstrip("/"))
    print("preparing the database (migrate, schedules, demo data) ...", flush=True)
    prepare_database(password)
    urls = simulator_urls(host)
    simulators = prepare_vendors(urls) + prepare_notifications(urls)

    bin_dir = Path(sys.executable).parent
    processes = {
        "web": start(
            "web",
            [
                str(bin_dir / "gunicorn"),
                "hrflow.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
            ],
        ),
        "worker": start(
            "worker",
            [
                str(bin_dir / "celery"),
                "-A",
                "hrflow",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
            ],
        ),
        "beat": start(
            "beat",
            [
                str(bin_dir / "celery"),
                "-A",
                "hrflow",
                "beat",
                "--loglevel",
                "INFO",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ],
        ),
    }
    for vendor, argv in simulators:
        processes[vendor] = start(vendor, argv)
    stopping = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    if wait_until_serving(f"{url}accounts/login/", processes):
        invite_waiting()
        print_banner(url, password, started, urls["sms"], urls["chat"])
    exit_code = 0
    while not stopping.is_set():
        dead = [name for name, process in processes.items() if process.poll() is not None]
        if dead:
            print(f"{', '.join(dead)} stopped unexpectedly; stopping the rest.", flush=True)
            exit_code = 1
            break
        stopping.wait(0.5)
    print("stopping web, worker, beat and the simulators ...", flush=True)
    stop_all(processes)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
