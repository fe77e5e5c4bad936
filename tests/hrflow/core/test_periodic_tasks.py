import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from hrflow.core.schedules import registered_schedule

pytestmark = pytest.mark.django_db


def test_setup_installs_every_default_task_once():
    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")

    names = set(PeriodicTask.objects.values_list("name", flat=True))
    assert {spec.name for spec in registered_schedule()} <= names
    assert PeriodicTask.objects.filter(name=registered_schedule()[0].name).count() == 1


def test_setup_keeps_what_an_admin_changed():
    """An admin who switched a task off in Django admin keeps it off."""
    call_command("setup_periodic_tasks")
    task = PeriodicTask.objects.get(name="Clear expired sessions")
    task.enabled = False
    task.save()

    call_command("setup_periodic_tasks")

    assert PeriodicTask.objects.get(name="Clear expired sessions").enabled is False


def test_every_scheduled_task_is_registered():
    """A schedule naming a task no worker knows would fail silently every run."""
    from hrflow.celery import app

    app.loader.import_default_modules()
    for spec in registered_schedule():
        assert spec.task in app.tasks, spec.task


def test_tasks_at_an_hour_of_the_day_run_at_that_hour_where_the_company_is():
    """ "08:20 every day" and the nightly rebuild mean the company's morning and night: in
    UTC, Beijing's 03:40 rebuild would run at 11:40, locking the reports at noon."""
    from django.conf import settings

    call_command("setup_periodic_tasks")
    at_an_hour = [spec.name for spec in registered_schedule() if spec.hour != "*"]
    assert "Analytics full rebuild" in at_an_hour
    zones = dict(
        PeriodicTask.objects.filter(name__in=at_an_hour).values_list("name", "crontab__timezone")
    )
    expected = dict.fromkeys(at_an_hour, settings.TIME_ZONE)
    assert {name: str(zone) for name, zone in zones.items()} == expected
