from typing import Any

from django.core.management.base import BaseCommand

from hrflow.org.demo import demo_org_ensure


class Command(BaseCommand):
    help = "Create the demo departments and locations that are missing."

    def handle(self, *args: Any, **options: Any) -> None:
        departments, locations = demo_org_ensure()
        self.stdout.write(
            f"demo organisation: {departments} departments, {locations} locations created"
        )
