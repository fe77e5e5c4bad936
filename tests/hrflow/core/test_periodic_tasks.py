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
