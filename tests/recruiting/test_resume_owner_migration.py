"""Migrations 0017-0018 give the resumes already stored the owner the new rule would have.

Files staff uploaded stay the person's; a file the careers form stored (no
uploader) goes back to its application, unless the person signed in by link
since; a file of no known origin stays the person's.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.hrflow.factories import UserFactory
from tests.recruiting.factories import ApplicationFactory

BEFORE = [("recruiting", "0016_screening_questions")]
AFTER = [("recruiting", "0018_resume_owners")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest() -> None:
    """Every later test needs the whole schema back, not just 0018's."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_resumes_get_their_owner():
    hr = UserFactory()
    careers = ApplicationFactory(source="careers_site")
    signed_in = ApplicationFactory(source="careers_site")
    unknown = ApplicationFactory(source="hr_entry")
    old = _migrate(BEFORE)
    try:
        Resume = old.get_model("recruiting", "Resume")
        Link = old.get_model("recruiting", "PortalLoginLink")
        now = timezone.now()

        def resume(application, uploader=None):
            return Resume.objects.create(
                candidate_id=application.candidate_id,
                file="resumes/x.pdf",
                original_name="cv.pdf",
                content_type="application/pdf",
                extension=".pdf",
                size=1,
                sha256="0" * 64,
                uploaded_by_id=uploader,
            ).pk

        by_hr, from_careers = resume(careers, uploader=hr.pk), resume(careers)
        confirmed, of_unknown_origin = resume(signed_in), resume(unknown)
        Link.objects.create(
            candidate_id=signed_in.candidate_id,
            token_hash="h" * 64,
            expires_at=now + timedelta(minutes=15),
            used_at=now + timedelta(minutes=1),
        )
    except BaseException:
        _migrate_to_latest()
        raise
    new = _migrate(AFTER)
    _migrate_to_latest()

    rows = {
        row["pk"]: row
        for row in new.get_model("recruiting", "Resume").objects.values(
            "pk", "sent_with_id", "verified_at"
        )
    }
    assert rows[by_hr]["verified_at"] is not None
    assert (rows[from_careers]["sent_with_id"], rows[from_careers]["verified_at"]) == (
        careers.pk,
        None,
    )
    assert rows[confirmed]["sent_with_id"] == signed_in.pk
    assert rows[confirmed]["verified_at"] is not None
    assert rows[of_unknown_origin]["verified_at"] is not None
