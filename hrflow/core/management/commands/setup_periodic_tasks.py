"""Install hrflow's default periodic tasks into the database scheduler."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from hrflow.core.schedules import registered_schedule


class Command(BaseCommand):
    help = "Create the default periodic tasks that are missing; keep admins' edits."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        schedule = registered_schedule()
        for spec in schedule:
            if PeriodicTask.objects.filter(name=spec.name).exists():
                continue
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=spec.minute,
                hour=spec.hour,
                day_of_week=spec.day_of_week,
                day_of_month=spec.day_of_month,
                month_of_year=spec.month_of_year,
                timezone=settings.TIME_ZONE if spec.local_time else "UTC",
            )
            PeriodicTask.objects.create(
                name=spec.name,
                task=spec.task,
                crontab=crontab,
                queue=spec.queue,
                kwargs=json.dumps({}),
                description=spec.description,
            )
            created += 1
        self.stdout.write(f"periodic tasks: {created} created, {len(schedule)} defined")
