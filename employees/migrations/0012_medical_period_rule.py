from django.db import migrations


def install(apps, schema_editor):
    # The medical treatment period (leave.medical_period) joins the shipped rules on
    # databases migrated before it existed.
    from employees.legal_data import install_legal_rules

    install_legal_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0011_attendance"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
