from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrflow.accounts.demo import demo_accounts_ensure


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (one per role). Development only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", required=True, help="Password for every demo account.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (known demo logins on a real site are a risk).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("Demo accounts are for development; DEBUG is off.")
        for account, created in demo_accounts_ensure(password=options["password"]):
            state = "created" if created else "refreshed"
            self.stdout.write(f"{state}: {account.email}")
