"""Dimension moves here from recruiting without touching the database.

The table stays `recruiting_dimension` (the model's db_table says so), so this
only adds the model to the migration state; recruiting 0022 points its foreign
keys here and drops its own copy of the state. It depends on recruiting 0021,
the state in which recruiting last had the model (its table exists since
recruiting 0001).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("recruiting", "0021_candidate_name_pieces"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Dimension",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name_zh", models.CharField(max_length=60, verbose_name="name (Chinese)")),
                        ("name_en", models.CharField(max_length=60, verbose_name="name (English)")),
                    ],
                    options={
                        "verbose_name": "dimension",
                        "verbose_name_plural": "dimensions",
                        "db_table": "recruiting_dimension",
                        "ordering": ["code"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
