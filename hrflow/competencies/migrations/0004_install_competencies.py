from django.db import migrations


def install(apps, schema_editor):
    from hrflow.competencies.catalogue import install_competencies

    install_competencies(apps)


class Migration(migrations.Migration):
    dependencies = [("competencies", "0003_competency_catalogue")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
