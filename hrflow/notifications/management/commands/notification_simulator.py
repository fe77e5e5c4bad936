"""`manage.py notification_simulator sms|chat --port P`: run a notification provider simulator.

The simulators are independent of our models, so the command touches neither
the database nor the system checks; it only needs the settings to import.
"""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrflow.notifications.simulators import (
    AliyunSmsSimulator,
    ChatRobotSimulator,
    RunningSimulator,
    start_aliyun_sms_simulator,
    start_chat_robot_simulator,
)

DEFAULT_PORTS = {"sms": 8711, "chat": 8712}
# The chat simulator's demo robots: paste a webhook URL (and secret) into the
# chat robot admin to watch HR alerts arrive.
DEMO_ROBOTS = (
    {"kind": "wecom", "token": "demo-wecom"},
    {"kind": "dingtalk", "token": "demo-dingtalk", "secret": "SECdemo-dingtalk-secret"},
    {"kind": "feishu", "token": "demo-feishu", "secret": "demo-feishu-secret"},
)


class Command(BaseCommand):
    help = (
        "Run the Aliyun SMS (sms) or WeCom/DingTalk/Feishu robot (chat) simulator "
        "(HTTP, control API under /__sim__/). Binds 127.0.0.1 unless --host is given. "
        "Ctrl-C or SIGTERM stops it."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("simulator", choices=sorted(DEFAULT_PORTS))
        parser.add_argument(
            "--port", type=int, help="TCP port (default 8711 sms, 8712 chat; 0 = any)"
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to bind (default 127.0.0.1). The control API has no authentication.",
        )
        parser.add_argument("--verbose", action="store_true", help="Log every request.")

    def handle(self, *args: Any, **options: Any) -> None:
        which: str = options["simulator"]
        host: str = options["host"]
        port: int = DEFAULT_PORTS[which] if options["port"] is None else options["port"]
        try:
            sim: RunningSimulator[Any]
            if which == "sms":
                sim = start_aliyun_sms_simulator(host=host, port=port, verbose=options["verbose"])
            else:
                sim = start_chat_robot_simulator(
                    host=host, port=port, robots=DEMO_ROBOTS, verbose=options["verbose"]
                )
        except OSError as error:
            raise CommandError(f"cannot bind {host}:{port}: {error}") from error
        stop = threading.Event()
        previous = {
            sig: signal.signal(sig, lambda *_: stop.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self._announce(sim)
            stop.wait()
        finally:
            sim.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"{which} simulator stopped.")

    def _announce(self, sim: RunningSimulator[Any]) -> None:
        app = sim.app
        self.stdout.write(f"{app.name} simulator listening on {sim.url}")
        if isinstance(app, AliyunSmsSimulator):
            key_id, secret = next(iter(app.access_keys.items()))
            self.stdout.write(f"  HRFLOW_SMS_ENDPOINT={sim.url}/")
            self.stdout.write(f"  HRFLOW_SMS_ACCESS_KEY_ID={key_id}")
            self.stdout.write(f"  HRFLOW_SMS_ACCESS_KEY_SECRET={secret}")
            self.stdout.write(f"  HRFLOW_SMS_SIGN_NAME={sorted(app.sign_names)[0]}")
            self.stdout.write(f"  templates: {', '.join(sorted(app.templates))}")
        if isinstance(app, ChatRobotSimulator):
            for robot in DEMO_ROBOTS:
                secret = f"  (secret {robot['secret']})" if robot.get("secret") else ""
                self.stdout.write(
                    f"  {robot['kind']}: {app.webhook_url(robot['kind'], robot['token'])}{secret}"
                )
        self.stdout.write(f"  control API: {sim.url}/__sim__/  (Ctrl-C stops)")
        self.stdout.flush()
