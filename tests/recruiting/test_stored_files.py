"""An upload's file is written for its row and never left behind without it."""

from pathlib import Path

import pytest
from django.conf import settings

from recruiting.models import Resume
from recruiting.stored_files import stored_file
from tests.recruiting.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _files() -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def _resume() -> Resume:
    return Resume(
        candidate=CandidateFactory(),
        original_name="cv.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=4,
        sha256="ab" * 32,
    )


def test_the_file_is_kept_when_the_block_succeeds():
    resume = _resume()

    with stored_file(resume.file, name="upload.pdf", data=b"%PDF"):
        resume.save()

    assert _files() == [Path(resume.file.path)]
    assert Path(resume.file.path).read_bytes() == b"%PDF"


def test_the_file_is_removed_when_anything_after_it_fails():
    """As when PostgreSQL refused a row: the error goes on, the file does not stay."""
    resume = _resume()
    resume.text = "NUL\x00"

    with (
        pytest.raises(ValueError, match="NUL"),
        stored_file(resume.file, name="upload.pdf", data=b"%PDF"),
    ):
        resume.save()

    assert _files() == []
