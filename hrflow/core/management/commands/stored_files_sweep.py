"""`manage.py stored_files_sweep`: delete upload copies no row points to (see the module)."""

from typing import Any

from django.core.management.base import BaseCommand

from hrflow.core.stored_files_sweep import stored_files_sweep


class Command(BaseCommand):
    help = "Delete stored files that no row points to and that are older than six hours."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = stored_files_sweep()
        self.stdout.write(f"{deleted} orphaned file(s) deleted")
