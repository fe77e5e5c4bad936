"""The company's name and time zone move from notifications' settings row to org's.

The row is pk 1 in both tables (each is made on first use). Without a
notifications row there is nothing to copy: the company row is made with the
same defaults on first use. Reversing copies them back before notifications
0004 is reversed, which needs them.
"""

from django.db import migrations

MOVED = ("company_name", "time_zone")


def copy_to_org(apps, schema_editor):
    policy = apps.get_model("notifications", "NotificationSettings")
    company = apps.get_model("org", "CompanySettings")
    found = policy.objects.filter(pk=1).values(*MOVED).first()
    if found is not None:
        company.objects.update_or_create(pk=1, defaults=found)


def copy_back(apps, schema_editor):
    policy = apps.get_model("notifications", "NotificationSettings")
    company = apps.get_model("org", "CompanySettings")
    found = company.objects.filter(pk=1).values(*MOVED).first()
    if found is not None:
        policy.objects.update_or_create(pk=1, defaults=found)


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0002_company_settings"),
        ("notifications", "0003_message_request"),
    ]

    operations = [
        migrations.RunPython(copy_to_org, copy_back),
    ]
