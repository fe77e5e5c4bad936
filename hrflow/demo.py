"""`make demo`: prepare the database, then run web, worker, beat, the vendor and
notification simulators and the applicant trickle in the foreground.

The simulators are connected like real vendors (a connection each, AI-interview
stages pointed at them, webhooks to our endpoint) and complete one pending
interview every few seconds; the trickle (`manage.py demo_trickle`) brings a new
applicant through the careers site every few seconds and screens the waiting
ones into the AI interview, so the loop keeps moving for as long as the demo
runs, on a second start too. Every process writes to its own log file under
LOG_DIR and e-mails go to LOG_DIR/mail.log, so the terminal shows only the
banner with the address and logins, printed last; `make demo-info`
(`python -m hrflow.demo info`) prints it again. One Ctrl-C stops everything;
if one of them dies, the others are stopped too, so the demo never keeps
running half-broken. PostgreSQL and Redis were found (or started embedded) by
`python -m hrflow.devservices up` just before.
"""

import io
import json
import os
import secrets
import socket
import sys
import time
from pathlib import Path
from typing import Any

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

from hrflow.demo_supervisor import (
    port_is_free,
    start,
    stop_all,
    stop_requested_on_signals,
    wait_until_serving,
    watch,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PASSWORD_FILE = BASE_DIR / ".data" / "demo-password"
# Logs of every process, the e-mails and the running demo's addresses (for `info`).
LOG_DIR = Path(os.environ.get("HRFLOW_DEMO_LOG_DIR") or BASE_DIR / ".data" / "demo-logs")
STATE_FILE_NAME = "demo.json"
MAIL_LOG_ENV = "HRFLOW_DEMO_MAIL_LOG"
# By its module's name: run as `python -m hrflow.demo`, this module is __main__.
MAIL_BACKEND = "hrflow.demo.MailLogBackend"
# A new applicant arrives on the careers site this often (three a minute).
TRICKLE_EVERY_SECONDS = 20
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
    quiet = io.StringIO()  # the terminal keeps the banner
    call_command("setup_periodic_tasks", stdout=quiet)
    call_command("seed_demo_org", stdout=quiet)
    call_command("seed_demo_accounts", password=password, verbosity=0, stdout=quiet)
    from hrflow.org.demo import demo_language
    from recruiting.demo.data import demo_data_ensure

    # Sample jobs and applications on the first run only, after the demo
    # accounts so the recruiter and manager are on them; later runs keep what
    # is there and only add what is missing.
    data = demo_data_ensure(language=demo_language())
    made = data.employees.performance
    if made is not None:
        print(
            f"performance: {made.kpi_values} KPI values, a closed review cycle of "
            f"{made.closed_reviews} reviews with their outcomes, {made.probation_decided} "
            f"probation decision(s), {made.leavers} leaver(s), {made.enrolments} "
            f"enrolment(s), an open cycle of {made.open_reviews} review(s)",
            flush=True,
        )
    plant = data.employees.plant
    if plant is not None and plant.supervisor is not None:
        print(
            f"plant: {plant.requirements} competency requirement(s), {plant.sessions} "
            f"session(s) with {plant.seats_taken} seat(s) taken; the supervisor account "
            f"is {plant.supervisor.full_name}",
            flush=True,
        )
    time_made = data.attendance
    if time_made.punches:
        print(
            f"attendance: {time_made.granted} annual leave grant(s), "
            f"{time_made.leave_requests} leave request(s), {time_made.punches} punches, "
            f"{time_made.overtime_requests} overtime request(s), {time_made.results} daily "
            f"results, last month confirmed for {time_made.confirmed}",
            flush=True,
        )
    payroll = data.payroll
    if payroll.locked or payroll.in_review or payroll.refused:
        print(
            f"payroll: {payroll.locked} month(s) approved and locked with payslips sent, "
            f"{payroll.in_review} in review",
            flush=True,
        )
        for refusal in payroll.refused:
            print(f"payroll refused: {refusal}", flush=True)
    # The reports read fact tables; count them now so every report has figures at once
    # (the beat keeps them fresh every five minutes after this).
    reports = io.StringIO()
    call_command("analytics_refresh", stdout=reports)
    print(f"reports: {reports.getvalue().strip()}", flush=True)


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
    from hrflow.org.demo import demo_language
    from recruiting.demo.screening import (
        demo_screening_rules_ensure,
        demo_self_identification_ensure,
    )
    from recruiting.demo.vendors import DEMO_VENDORS, demo_connections_ensure
    from recruiting.vendors.connections import webhook_url

    connections = demo_connections_ensure({vendor: urls[vendor] for vendor in VENDOR_SIMULATORS})
    # Results that arrive are decided at once.
    demo_screening_rules_ensure(language=demo_language())
    demo_self_identification_ensure()  # so the rule editor's fairness figures show
    # A new seed on every start: a simulator draws its interview ids from its seed, and
    # the same seed again would hand out the last run's ids, whose results would then
    # land on the last run's invitations (the loop went quiet on a second start).
    run_seed = secrets.randbelow(2**31)
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
            str(run_seed),
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


def trickle_argv() -> list[str]:
    return [
        sys.executable,
        str(BASE_DIR / "manage.py"),
        "demo_trickle",
        "--every",
        str(TRICKLE_EVERY_SECONDS),
    ]


def invite_waiting() -> int:
    """Invite the candidates already waiting in AI-interview stages (the worker calls out)."""
    from recruiting.demo.vendors import demo_invite_waiting

    return demo_invite_waiting()


class MailLogBackend(ConsoleEmailBackend):
    """The demo's e-mails, appended to one file (LOG_DIR/mail.log) instead of the terminal.

    Named by HRFLOW_EMAIL_BACKEND in the demo's processes only.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["stream"] = open(os.environ[MAIL_LOG_ENV], "a", encoding="utf-8")  # noqa: SIM115
        super().__init__(*args, **kwargs)

    def write_message(self, message: Any) -> None:
        # The headers below encode a Chinese subject (=?utf-8?b?...?=): say it plainly first.
        to = ", ".join(message.to)
        self.stream.write(f"=== To: {to}   Subject: {message.subject}\n")
        super().write_message(message)

    def close(self) -> None:
        super().close()
        self.stream.close()


def demo_environment(log_dir: Path) -> None:
    """What every process of the demo (and this one) reads: e-mails into the mail log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    os.environ["HRFLOW_EMAIL_BACKEND"] = MAIL_BACKEND
    os.environ[MAIL_LOG_ENV] = str(log_dir / "mail.log")


def banner(state: dict[str, Any], password: str, *, running: bool = True) -> str:
    """The address, the logins and where to look, from the running demo's state."""
    from hrflow.accounts.demo import DEMO_ACCOUNTS, SUPERVISOR_EMAIL

    url, log_dir = state["url"], state["log_dir"]
    width = max(len(account.email) for account in DEMO_ACCOUNTS)
    ready = f"   (ready in {state['ready_seconds']:.1f} s)" if "ready_seconds" in state else ""
    lines = [
        "",
        "=" * 72,
        f" hrflow is running at {url}{ready}"
        if running
        else f" hrflow is NOT running (last at {url}); start it with: make demo",
        f" Django admin: {url}admin/      health: {url}healthz",
        " Demo logins (password for all: " + password + "):",
    ]
    for account in DEMO_ACCOUNTS:
        roles = ", ".join(role.value for role in account.roles)
        note = f"  ({account.note})" if account.note else ""
        lines.append(f"   {account.email:<{width}}  {roles}{note}")
    lines.append(f" Training story: sign in as {SUPERVISOR_EMAIL}, open Team training.")
    lines += [
        f" Careers site (a new applicant arrives every {TRICKLE_EVERY_SECONDS} s): {url}careers/",
        f" AI-interview results arrive from the simulators: {url}recruiting/integrations/",
        f" Logs (web, worker, beat, simulators, trickle): {log_dir}/",
        f"   e-mails sent: {log_dir}/mail.log",
        f"   texts the candidates got: {state['sms_url']}/__sim__/messages",
        f"   HR alerts in the team chat: {state['chat_url']}/__sim__/messages",
        f" Candidate portal: {url}portal/  sign in as e.g. {state['portal_address']};",
        "   the sign-in link arrives in mail.log.",
        " This again: make demo-info.   Stop: Ctrl-C in the demo's terminal.",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)


def state_write(log_dir: Path, state: dict[str, Any]) -> None:
    (log_dir / STATE_FILE_NAME).write_text(json.dumps(state, indent=2))


def state_read(log_dir: Path) -> dict[str, Any] | None:
    path = log_dir / STATE_FILE_NAME
    if not path.exists():
        return None
    state: dict[str, Any] = json.loads(path.read_text())
    return state


def is_running(state: dict[str, Any]) -> bool:
    """The demo's supervisor is still alive (the pid it recorded)."""
    try:
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError):
        return False
    return True


def info(log_dir: Path = LOG_DIR) -> int:
    """`make demo-info`: print the banner of the demo started from this checkout."""
    state = state_read(log_dir)
    if state is None:
        print("No demo has run from this checkout yet; start one with: make demo")
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrflow.settings.local")
    import django

    django.setup()
    running = is_running(state)
    print(banner(state, demo_password(), running=running), flush=True)
    return 0 if running else 1


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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["info"]:
        return info()
    if args:
        print("usage: python -m hrflow.demo [info]", file=sys.stderr)
        return 2
    return run()


def run() -> int:
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
    demo_environment(LOG_DIR)
    print("preparing the database (migrate, schedules, demo data) ...", flush=True)
    prepare_database(password)
    urls = simulator_urls(host)
    simulators = prepare_vendors(urls) + prepare_notifications(urls)

    bin_dir = Path(sys.executable).parent
    commands = {
        "web": [
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
        "worker": [
            str(bin_dir / "celery"),
            "-A",
            "hrflow",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ],
        "beat": [
            str(bin_dir / "celery"),
            "-A",
            "hrflow",
            "beat",
            "--loglevel",
            "INFO",
            "--scheduler",
            "django_celery_beat.schedulers:DatabaseScheduler",
        ],
        **dict(simulators),
        "trickle": trickle_argv(),
    }
    print(
        f"starting {', '.join(commands)}; their output goes to {LOG_DIR}/ ...",
        flush=True,
    )
    processes = {name: start(name, argv, LOG_DIR, BASE_DIR) for name, argv in commands.items()}
    stopping = stop_requested_on_signals()

    if wait_until_serving(f"{url}accounts/login/", processes):
        invited = invite_waiting()
        print(f"queued {invited} AI-interview invitation(s) at the simulators", flush=True)
        state = {
            "url": url,
            "pid": os.getpid(),
            "log_dir": str(LOG_DIR),
            "sms_url": urls["sms"],
            "chat_url": urls["chat"],
            "portal_address": portal_demo_address(),
            "ready_seconds": round(time.monotonic() - started, 1),
        }
        state_write(LOG_DIR, state)
        print(banner(state, password), flush=True)
    exit_code = watch(processes, stopping, LOG_DIR)
    print("stopping web, worker, beat, the simulators and the trickle ...", flush=True)
    stop_all(processes)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
