"""`manage.py demo_trickle`: the demo's steady stream of applicants (started by `make demo`).

Dev-only, like `seed`: it makes up people. See recruiting/demo/trickle.py.
"""

import random
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrflow.core.errors import ApplicationError
from recruiting.demo.trickle import demo_trickle_tick


class Command(BaseCommand):
    help = (
        "Demo only: a made-up applicant applies on the careers site every few seconds, and "
        "those waiting are screened into the AI interview (Ctrl-C stops)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=float, default=20.0, metavar="SECONDS", help="Seconds between ticks."
        )
        parser.add_argument("--once", action="store_true", help="One tick, then stop.")
        parser.add_argument("--seed", type=int, default=None, help="Random seed (default: any).")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DEBUG off (made-up applicants on a real site are a mess).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError("The demo trickle is for development; DEBUG is off.")
        rng = random.Random(options["seed"])  # noqa: S311 - made-up people, not secrets
        stop = threading.Event()
        if not options["once"]:
            signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
            signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
        while True:
            try:
                tick = demo_trickle_tick(rng=rng)
            except ApplicationError as error:  # e.g. a job closed meanwhile: try again later
                self.stdout.write(f"skipped a tick: {error}")
            else:
                who = (
                    f"{tick.applied.candidate.full_name} applied to {tick.applied.job.title}"
                    if tick.applied
                    else "no open job with a connected AI interview"
                )
                self.stdout.write(
                    f"{who}; screened: {tick.advanced} moved on, {tick.rejected} rejected"
                )
            self.stdout.flush()
            if options["once"] or stop.wait(options["every"]):
                return
