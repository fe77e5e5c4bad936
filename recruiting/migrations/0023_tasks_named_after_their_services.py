"""The periodic task rows beat runs name recruiting's tasks by their new names.

Issue 13 named each task after the service it runs; rows an admin may have edited
keep everything but the task name. The names are written out here, not imported,
as a migration must not change when the code does.
"""

from django.db import migrations

RENAMED = {
    "recruiting.sync_connection": "recruiting.connection_sync",
    "recruiting.ingest_lane": "recruiting.lanes_drain",
    "recruiting.drain_webhook_inbox": "recruiting.webhook_inbox_drain",
    "recruiting.process_webhook_event": "recruiting.webhook_event_process",
    "recruiting.invite_to_ai_interview": "recruiting.application_invite",
    "recruiting.sync_due_connections": "recruiting.vendor_work_resume",
}


def rename(apps, schema_editor, names=RENAMED):
    periodic_task = apps.get_model("django_celery_beat", "PeriodicTask")
    for former, current in names.items():
        periodic_task.objects.filter(task=former).update(task=current)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, names={current: former for former, current in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0022_dimension_moved_to_competencies"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
