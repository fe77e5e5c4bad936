from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from analytics.digest import last_week_ending, weekly_digest_send


class Command(BaseCommand):
    help = (
        "Send the weekly analytics digest to the HR admins and team-chat robots: the last "
        "full week, or the week ending on --week-ending. A week already sent is not sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--week-ending", type=date.fromisoformat, help="The week's Sunday, YYYY-MM-DD."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        week_ending = options["week_ending"] or last_week_ending(timezone.localdate())
        try:
            queued = weekly_digest_send(week_ending=week_ending)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"week ending {week_ending.isoformat()}: {queued} message(s) queued")
