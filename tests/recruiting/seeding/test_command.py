"""`manage.py seed --drive`, and the progress bar's time per phase."""

import io

import pytest
from django.core.management import call_command

from recruiting.models import Application, Job
from recruiting.seeding.drive import DRIVE_OPENINGS, SEATS_FOR
from recruiting.seeding.progress import TerminalProgress
from tests.recruiting.seeding.conftest import NOW


@pytest.mark.django_db
def test_the_command_adds_last_years_drive_with_seats_for_its_size():
    out = io.StringIO()

    call_command(
        "seed", "--applications", "100", "--jobs", "2", "--drive", str(2 * SEATS_FOR),
        "--now", NOW.isoformat(), stdout=out,
    )  # fmt: skip

    drive = Job.objects.filter(status=Job.Status.CLOSED)
    assert Application.objects.filter(job__in=drive).count() == 2 * SEATS_FOR
    assert Application.objects.exclude(job__in=drive).count() == 100
    assert sorted(drive.values_list("headcount", flat=True)) == sorted(
        2 * headcount for *_rest, headcount in DRIVE_OPENINGS
    )
    assert "offers" in out.getvalue()


def test_the_progress_bar_says_how_long_each_phase_took():
    written: list[str] = []
    ticks = iter([0.0, 1.5, 2.0, 2.0])
    progress = TerminalProgress(write=written.append, flush=lambda: None, clock=lambda: next(ticks))

    progress("people", 0, 10)  # starts at 0.0
    progress("people", 10, 10)  # done at 1.5
    progress("people", 10, 10)  # the end reported again: nothing more
    progress("offers", 0, 4)  # starts at 2.0
    progress("offers", 4, 4)  # done at 2.0

    text = "".join(written)
    assert "1.5 s\n" in text
    assert "0.0 s\n" in text
    assert text.count(" s\n") == 2
