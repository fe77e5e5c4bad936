"""The shipped metric catalogue (safety incidents, output, quality defects, customer
satisfaction, attendance rate): data only."""

from django.db import migrations


def install_defaults(apps, schema_editor):
    from employees.metrics.catalogue import install_metrics

    install_metrics(apps)


class Migration(migrations.Migration):
    dependencies = [("employees", "0006_performance_training")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
