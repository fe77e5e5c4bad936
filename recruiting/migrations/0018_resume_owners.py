"""Give the resumes already stored the owner the rule of 0017 would have given them.

Apart from 0017: PostgreSQL refuses to build 0017's index on rows with
pending foreign-key checks from an update in the same transaction.
"""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery


def place_existing_resumes(apps, schema_editor):
    """Give the files already stored the owner the new rule would have given them."""
    Resume = apps.get_model("recruiting", "Resume")
    Application = apps.get_model("recruiting", "Application")
    PortalLoginLink = apps.get_model("recruiting", "PortalLoginLink")
    # Files staff uploaded were the person's from the start.
    Resume.objects.filter(uploaded_by__isnull=False).update(verified_at=F("created_at"))
    # A file without an uploader came with a careers application, written in the
    # same transaction just before it...
    sent_with = (
        Application.objects.filter(
            candidate=OuterRef("candidate"),
            source="careers_site",
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at")
        .values("pk")[:1]
    )
    Resume.objects.filter(uploaded_by__isnull=True).update(sent_with=Subquery(sent_with))
    # ...and became the person's if they signed in with a link since.
    signed_in = (
        PortalLoginLink.objects.filter(
            candidate=OuterRef("candidate"), used_at__gte=OuterRef("created_at")
        )
        .order_by("used_at")
        .values("used_at")[:1]
    )
    Resume.objects.filter(verified_at__isnull=True).update(verified_at=Subquery(signed_in))
    # A file of no known origin stays the person's, as it was.
    Resume.objects.filter(verified_at__isnull=True, sent_with__isnull=True).update(
        verified_at=F("created_at")
    )




class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0017_resume_sent_with_verified"),
    ]

    operations = [
        migrations.RunPython(place_existing_resumes, migrations.RunPython.noop),
    ]
