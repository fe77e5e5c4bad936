"""`manage.py resume_text_normalize`: rewrite resume text stored before it was normalised."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from recruiting.resume_reading.services import resumes_read_stored
from recruiting.services.resumes import resumes_normalize_text


class Command(BaseCommand):
    help = (
        "Normalise the stored text of every resume (NFKC and the CJK radicals, as files are "
        "read now) so that searching 工作经历 finds resumes whose PDF recorded ⼯作经历. "
        "Safe to run again; rows already normal are not written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--read",
            action="store_true",
            help="Then read every resume: field suggestions for HR and the match with each "
            "job, for resumes attached before hrflow read them.",
        )

    def handle(self, *args: Any, read: bool = False, **options: Any) -> None:
        changed = resumes_normalize_text()
        noun = "resume" if changed == 1 else "resumes"
        self.stdout.write(f"Normalised the text of {changed} {noun}.")
        if read:
            count = resumes_read_stored()
            self.stdout.write(f"Read {count} resumes into suggestions and match scores.")
