from django.db import migrations


def install(apps, schema_editor):
    # Income tax, social insurance per city, severance and the city average wages join
    # the shipped rules on databases migrated before payroll existed.
    from employees.legal_data import install_legal_rules

    install_legal_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0014_payroll"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
