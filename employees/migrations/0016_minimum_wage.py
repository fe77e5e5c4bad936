from django.db import migrations


def install(apps, schema_editor):
    # The cities' minimum wages (the payroll review checks pay against them) join
    # the shipped rules on databases migrated before payroll existed.
    from employees.legal_data import install_legal_rules

    install_legal_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0015_payroll_rules"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
