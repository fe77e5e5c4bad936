"""`manage.py vendor_simulator vuesim|mianshibao --port P`: run a vendor simulator.

The simulators are independent of our models, so the command touches neither the
database nor the system checks; it only needs the settings to import.
"""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from integrations.simulators.server import is_loopback, start_in_thread

DEFAULT_PORTS = {"vuesim": 8701, "mianshibao": 8702}


class Command(BaseCommand):
    help = (
        "Run the VueSim or 面试宝 AI-interview vendor simulator (HTTP, control API under "
        "/__sim__/). Binds 127.0.0.1 unless --host is given. Ctrl-C or SIGTERM stops it."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("vendor", choices=sorted(DEFAULT_PORTS))
        parser.add_argument(
            "--port", type=int, help="TCP port (default 8701 vuesim, 8702 mianshibao; 0 = any)"
        )
        parser.add_argument(
            "--host",
            default=None,
            help="Address to bind (default 127.0.0.1). Anything but loopback must be explicit.",
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of all generated data.")
        parser.add_argument(
            "--auto-complete-seconds",
            type=float,
            default=None,
            help="Complete one pending invitation every N seconds (demo candidates at work).",
        )
        parser.add_argument("--webhook-url", default=None, help="Where to POST events.")
        parser.add_argument(
            "--webhook-secret",
            default=None,
            help="VueSim: a whsec_<base64> secret; 面试宝: the app_secret that signs callbacks.",
        )
        parser.add_argument(
            "--payload", choices=["thin", "full"], default=None, help="Webhook payload mode."
        )
        parser.add_argument("--verbose", action="store_true", help="Log every request.")

    def handle(self, *args: Any, **options: Any) -> None:
        vendor: str = options["vendor"]
        # Loopback unless the operator names another address: the simulator has no auth
        # on its control API and must not end up reachable from the network by default.
        host: str = options["host"] or "127.0.0.1"
        port: int = DEFAULT_PORTS[vendor] if options["port"] is None else options["port"]
        if options["host"] is not None and not is_loopback(host):
            self.stderr.write(
                f"Warning: binding {host}: the control API (/__sim__/) has no authentication."
            )
        config = _config(vendor, options)
        try:
            sim = start_in_thread(
                vendor,
                host=host,
                port=port,
                seed=options["seed"],
                config=config,
                auto_complete_seconds=options["auto_complete_seconds"],
                verbose=options["verbose"],
            )
        except OSError as exc:
            raise CommandError(f"cannot bind {host}:{port}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        stop = threading.Event()
        previous = {
            sig: signal.signal(sig, lambda *_: stop.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self._announce(sim.url, vendor, sim.credentials(), options)
            stop.wait()
        finally:
            sim.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write(f"{vendor} simulator stopped.")

    def _announce(
        self, url: str, vendor: str, credentials: dict[str, Any], options: dict[str, Any]
    ) -> None:
        self.stdout.write(f"{vendor} simulator listening on {url}")
        for name, value in credentials.items():
            self.stdout.write(f"  {name}: {value}")
        self.stdout.write(f"  seed: {options['seed']}")
        if options["webhook_url"]:
            self.stdout.write(f"  webhooks -> {options['webhook_url']}")
        if options["auto_complete_seconds"]:
            self.stdout.write(
                f"  completing one pending invitation every {options['auto_complete_seconds']} s"
            )
        self.stdout.write(f"  control API: {url}/__sim__/  (Ctrl-C stops)")
        self.stdout.flush()


def _config(vendor: str, options: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if options["webhook_url"]:
        config["webhook_url"] = options["webhook_url"]
    if options["webhook_secret"]:
        key = "webhook_secrets" if vendor == "vuesim" else "app_secret"
        config[key] = (
            [options["webhook_secret"]] if vendor == "vuesim" else options["webhook_secret"]
        )
    if options["payload"]:
        config["payload_mode"] = options["payload"]
    return config
