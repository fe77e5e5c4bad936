import argparse
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from employees.seeding.builder import EmployeeSeedError, seed_employees
from recruiting.seeding.builder import SeedError, seed_database
from recruiting.seeding.hires import pipeline_hires_for_seed
from recruiting.seeding.progress import TerminalProgress


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return number


def _moment(value: str) -> datetime:
    moment = parse_datetime(value)
    if moment is None:
        raise argparse.ArgumentTypeError("expected an ISO date and time, e.g. 2025-09-01T09:00")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic made-up jobs, candidates and applications, "
        "and employees "
        "(deterministic for a given --seed), for demos and benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--applications", type=_count, default=0, metavar="N", help="How many in all."
        )
        parser.add_argument(
            "--employees",
            type=_count,
            default=0,
            metavar="E",
            help=(
                "Employees to add: an org of heads, leads and members with job histories and "
                "contracts; about one in ten hired through the pipeline (from hired "
                "applications, with their AI interview as skill evidence) where there are some."
            ),
        )
        parser.add_argument(
            "--jobs", type=_count, default=20, metavar="J", help="Jobs to spread them over."
        )
        parser.add_argument(
            "--drive",
            type=_count,
            default=0,
            metavar="D",
            help=(
                "Add last year's hiring drive at the plant: D more applications to closed jobs, "
                "whose hires have a year's history behind them (probation reviews, leavers) "
                "when --employees seats them."
            ),
        )
        parser.add_argument("--seed", type=int, default=1, metavar="S", help="Random seed.")
        parser.add_argument(
            "--now",
            type=_moment,
            default=None,
            help="When the made-up history ends (default: now); fix it to repeat a run exactly.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add to a database that already holds candidates, jobs or employees.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = None
        if options["verbosity"] > 0 and self.stderr.isatty():
            # Plain text: on a terminal Django would colour stderr as errors.
            progress = TerminalProgress(
                write=lambda text: self.stderr.write(text, style_func=str, ending=""),
                flush=self.stderr.flush,
            )
        if not options["applications"] and not options["employees"] and not options["drive"]:
            raise CommandError("Give --applications N, --employees E, or both.")
        now = options["now"] or timezone.now()
        if options["applications"] or options["drive"]:
            try:
                summary = seed_database(
                    applications=options["applications"],
                    drive=options["drive"],
                    jobs=options["jobs"],
                    seed=options["seed"],
                    now=now,
                    force=options["force"],
                    progress=progress,
                )
            except SeedError as error:
                raise CommandError(str(error)) from error
            self._report(summary.seconds, summary.rows, options)
        if options["employees"]:
            hires = pipeline_hires_for_seed(limit=options["employees"] // 10)
            try:
                employees = seed_employees(
                    count=options["employees"],
                    today=timezone.localdate(now),
                    seed=options["seed"],
                    force=options["force"],
                    hires=hires,
                    progress=progress,
                )
            except EmployeeSeedError as error:
                raise CommandError(str(error)) from error
            self._report(employees.seconds, employees.rows, options)

    def _report(self, seconds: float, rows: dict[str, int], options: dict[str, Any]) -> None:
        if options["verbosity"] > 0:
            self.stdout.write(f"seeded in {seconds:.1f} s:")
            for table, count in rows.items():
                self.stdout.write(f"  {table:<20} {count:>10,}")
