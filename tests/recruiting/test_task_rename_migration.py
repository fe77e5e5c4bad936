"""Migration 0023 points the beat's rows at the tasks' new names, and back."""

import importlib

import pytest
from django.apps import apps
from django_celery_beat.models import CrontabSchedule, PeriodicTask

migration = importlib.import_module("recruiting.migrations.0023_tasks_named_after_their_services")

pytestmark = pytest.mark.django_db


def test_the_beat_row_follows_the_rename_and_keeps_an_admins_edits():
    crontab = CrontabSchedule.objects.create(minute="*/5")
    row = PeriodicTask.objects.create(
        name="Vendor syncs (edited)",
        task="recruiting.sync_due_connections",
        crontab=crontab,
        enabled=False,
    )

    migration.rename(apps, None)
    row.refresh_from_db()
    assert (row.task, row.enabled, row.crontab_id) == (
        "recruiting.vendor_work_resume",
        False,
        crontab.pk,
    )

    migration.rename_back(apps, None)
    row.refresh_from_db()
    assert row.task == "recruiting.sync_due_connections"
