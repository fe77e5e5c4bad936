from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics.facts.refresh import refresh_run


class Command(BaseCommand):
    help = (
        "Bring the analytics fact tables up to date: only the buckets whose applications "
        "changed since the last run, or everything with --full."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full", action="store_true", help="Drop the facts and count everything again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = refresh_run(full=options["full"])
        if outcome is None:
            self.stdout.write("another refresh is running; nothing done")
            return
        kind = "full rebuild" if outcome.full else "incremental"
        self.stdout.write(
            f"{kind}: {outcome.buckets:,} buckets, {outcome.applications:,} applications "
            f"in {outcome.seconds:.1f} s; facts as of {outcome.watermark:%Y-%m-%d %H:%M:%S}"
        )
