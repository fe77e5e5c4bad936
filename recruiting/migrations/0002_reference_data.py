"""Install the canonical dimensions, the rejection catalogue and two pipeline templates."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from recruiting.catalogue import install_reference_data


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Dimension was still recruiting's then (it moved to hrflow.competencies in 0022).
    install_reference_data(apps, dimension_app="recruiting")


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
