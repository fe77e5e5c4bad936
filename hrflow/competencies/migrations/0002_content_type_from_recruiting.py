"""The content type of Dimension follows it from recruiting, with its permissions.

Renaming the row keeps its id, so permissions and audit entries that point at
it stay attached. On a new database there is nothing to rename yet: the
content type is made after migrating, under competencies.
"""

from django.db import migrations


def _rename(apps, schema_editor, old_label, new_label):
    # As Django renames the content type of a renamed model (RenameContentType).
    content_type = apps.get_model("contenttypes", "ContentType")
    rows = content_type.objects.using(schema_editor.connection.alias)
    if rows.filter(app_label=new_label, model="dimension").exists():
        return  # made already (post_migrate ran in between): keep it
    if rows.filter(app_label=old_label, model="dimension").update(app_label=new_label):
        content_type.objects.clear_cache()


def from_recruiting(apps, schema_editor):
    _rename(apps, schema_editor, "recruiting", "competencies")


def back_to_recruiting(apps, schema_editor):
    _rename(apps, schema_editor, "competencies", "recruiting")


class Migration(migrations.Migration):

    dependencies = [
        ("competencies", "0001_initial"),
        ("recruiting", "0022_dimension_moved_to_competencies"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(from_recruiting, back_to_recruiting),
    ]
