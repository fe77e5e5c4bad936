"""Dimension now belongs to hrflow.competencies (its 0001): state only, no SQL.

The scores' foreign key points at the same table under its new owner, then
recruiting forgets the model. The table, its rows, the foreign key constraint
and the indexes stay exactly as they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recruiting", "0021_candidate_name_pieces"),
        ("competencies", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="assessmentdimensionscore",
                    name="dimension",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="competencies.dimension"),
                ),
                migrations.DeleteModel(name="Dimension"),
            ],
            database_operations=[],
        ),
    ]
