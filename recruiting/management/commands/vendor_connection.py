"""Script vendor connections: add, list, test, sync (one pull now, its run printed).

    python manage.py vendor_connection add --name VueSim --vendor vuesim \\
        --base-url http://127.0.0.1:8101 --credential client_id=hrflow \\
        --credential client_secret=... [--backfill-days 7] [--test-id pos_1]
    python manage.py vendor_connection list
    python manage.py vendor_connection test VueSim
    python manage.py vendor_connection sync VueSim
    python manage.py vendor_connection forget-affect [VueSim]
"""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from hrflow.core.errors import ApplicationError
from hrflow.core.params import parse_id
from integrations.errors import TransientError
from integrations.models import SyncRun, VendorConnection
from integrations.registry import ADAPTERS
from recruiting.vendors.affect import connection_forget_affect
from recruiting.vendors.connections import (
    connection_create,
    connection_test,
    webhook_url,
)
from recruiting.vendors.sync import connection_sync


class Command(BaseCommand):
    help = "Create, list, test and sync AI-interview vendor connections."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="create a connection and print its webhook URL")
        add.add_argument("--name", required=True)
        add.add_argument("--vendor", required=True, choices=sorted(ADAPTERS))
        add.add_argument("--base-url", required=True)
        add.add_argument(
            "--credential",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="repeat for each credential (client_id/client_secret or app_key/app_secret)",
        )
        add.add_argument("--webhook-secret", default="", help="default: generated")
        add.add_argument("--backfill-days", type=int, default=7)
        add.add_argument("--poll-seconds", type=int, default=300)
        add.add_argument("--test-id", default="", help="the vendor test/position to invite to")
        actions.add_parser("list", help="every connection, its state and webhook URL")
        for name, text in (("test", "call the vendor now"), ("sync", "run one pull now")):
            sub = actions.add_parser(name, help=text)
            sub.add_argument("connection", help="name or id")
        forget = actions.add_parser(
            "forget-affect",
            help="drop stored emotion / sentiment data of connections that do not keep it "
            "(after switching to the EU profile, or upgrading)",
        )
        forget.add_argument("connection", nargs="?", help="name or id (default: every one)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            self._add(options)
        elif action == "list":
            self._list()
        elif action == "test":
            self._test(self._find(options["connection"]))
        elif action == "forget-affect":
            self._forget_affect(options["connection"])
        else:
            self._sync(self._find(options["connection"]))

    def _add(self, options: dict[str, Any]) -> None:
        credentials = {}
        for item in options["credential"]:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise CommandError(f"--credential expects NAME=VALUE, got {item!r}")
            credentials[name.strip()] = value
        try:
            connection = connection_create(
                name=options["name"],
                vendor=options["vendor"],
                base_url=options["base_url"],
                credentials=credentials,
                webhook_secret=options["webhook_secret"],
                backfill_from=timezone.now() - timedelta(days=options["backfill_days"]),
                poll_interval=timedelta(seconds=options["poll_seconds"]),
                default_test_id=options["test_id"],
                actor=None,
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"created connection #{connection.pk} {connection}"))
        self.stdout.write(f"webhook URL: {webhook_url(connection)}")
        if connection.vendor == "vuesim":
            self.stdout.write(f"webhook secret: {connection.webhook_secrets[0]}")

    def _list(self) -> None:
        rows = VendorConnection.objects.filter(deleted_at__isnull=True).order_by("pk")
        if not rows:
            self.stdout.write("no connections yet; add one with `vendor_connection add`")
        for c in rows:
            last = c.last_success_at.isoformat(timespec="seconds") if c.last_success_at else "never"
            mark = c.watermark.isoformat(timespec="seconds") if c.watermark else "-"
            self.stdout.write(
                f"#{c.pk} {c.name} [{c.vendor}] {c.state} · last success {last} · "
                f"watermark {mark}\n    webhook URL: {webhook_url(c)}"
            )

    def _test(self, connection: VendorConnection) -> None:
        health = connection_test(connection=connection)
        if not health.ok:
            raise CommandError(f"{connection}: {health.message}")
        self.stdout.write(self.style.SUCCESS(f"{connection}: {health.message}"))

    def _sync(self, connection: VendorConnection) -> None:
        try:
            outcome = connection_sync(
                connection_id=connection.pk, trigger=SyncRun.Trigger.MANUAL, inline=True
            )
        except TransientError as error:
            raise CommandError(f"{connection}: {error.describe()} (try again later)") from error
        if outcome.run is None:
            raise CommandError(f"{connection}: not synced: {outcome.skipped}")
        run = outcome.run
        run.refresh_from_db()
        seconds = run.duration.total_seconds() if run.duration else 0
        self.stdout.write(
            f"run #{run.pk} {run.status}: pages {run.pages}, fetched {run.fetched}, "
            f"created {run.created}, updated {run.updated}, unchanged {run.unchanged}, "
            f"quarantined {run.quarantined}, unmatched {run.unmatched}, errors {run.errors}, "
            f"{seconds:.1f} s" + (f"\n  error: {run.error}" if run.error else "")
        )
        if outcome.again_in is not None:
            self.stdout.write(f"  more to fetch: run again in {outcome.again_in}")
        if run.status == SyncRun.Status.FAILED:
            raise CommandError(f"{connection}: sync failed")

    def _forget_affect(self, key: str | None) -> None:
        connections = (
            [self._find(key)] if key else VendorConnection.objects.order_by("pk").iterator()
        )
        for connection in connections:
            forgotten = connection_forget_affect(connection=connection)
            self.stdout.write(
                f"{connection}: affect data dropped from {forgotten.assessments} results, "
                f"{forgotten.held} held payloads, {forgotten.webhook_events} webhook events, "
                f"{forgotten.pulled_batches} pulled batches"
            )

    def _find(self, key: str) -> VendorConnection:
        pk = parse_id(key)
        condition = Q(name=key) | (Q(pk=pk) if pk is not None else Q())
        connection = VendorConnection.objects.filter(condition, deleted_at__isnull=True).first()
        if connection is None:
            raise CommandError(f"no connection named {key!r}")
        return connection
