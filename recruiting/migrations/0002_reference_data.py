"""Install the canonical dimensions, the rejection catalogue and two pipeline templates."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from recruiting.catalogue import DIMENSIONS, PIPELINE_TEMPLATES, REJECTION_REASONS


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    dimension = apps.get_model("recruiting", "Dimension")
    for code, name_zh, name_en in DIMENSIONS:
        dimension.objects.update_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en}
        )
    reason = apps.get_model("recruiting", "RejectionReason")
    for code, name_zh, name_en in REJECTION_REASONS:
        reason.objects.update_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en}
        )
    template = apps.get_model("recruiting", "PipelineTemplate")
    template_stage = apps.get_model("recruiting", "PipelineTemplateStage")
    for name, (description, stages) in PIPELINE_TEMPLATES.items():
        row, created = template.objects.get_or_create(
            name=name, defaults={"description": description}
        )
        if created:
            template_stage.objects.bulk_create(
                template_stage(template=row, name=stage, kind=kind, position=index)
                for index, (stage, kind) in enumerate(stages)
            )


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
