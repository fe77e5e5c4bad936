from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language_chosen_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="language chosen at"),
        ),
    ]
