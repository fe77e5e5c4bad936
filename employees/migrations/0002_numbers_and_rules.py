from django.db import migrations


def install(apps, schema_editor):
    from employees.legal_data import install_legal_rules

    install_legal_rules(apps)


class Migration(migrations.Migration):
    dependencies = [("employees", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS employees_number_seq START 1",
            "DROP SEQUENCE IF EXISTS employees_number_seq",
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
