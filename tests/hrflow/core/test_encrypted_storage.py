"""Employee files are encrypted at rest: on disk a Fernet token, read back the file."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from hrflow.core.encrypted_storage import (
    CorruptFileError,
    EncryptedFileSystemStorage,
    file_encrypt_in_place,
)

PDF = b"%PDF-1.4 a doctor's note: influenza, rest three days"


@pytest.fixture
def storage(tmp_path: Path) -> EncryptedFileSystemStorage:
    return EncryptedFileSystemStorage(location=str(tmp_path))


def test_what_is_on_disk_is_not_the_file_and_reads_back_whole(storage) -> None:
    name = storage.save("employees/note.pdf", ContentFile(PDF))
    raw = Path(storage.path(name)).read_bytes()
    assert b"influenza" not in raw
    assert not raw.startswith(b"%PDF")
    with storage.open(name) as opened:
        assert opened.read() == PDF
    assert storage.size(name) == len(PDF)


def test_a_plaintext_file_is_refused_until_encrypted_in_place(storage) -> None:
    """A file from before encryption at rest: never served as it lies."""
    Path(storage.location, "old.pdf").write_bytes(PDF)
    with pytest.raises(CorruptFileError):
        storage.open("old.pdf")
    assert file_encrypt_in_place(storage, "old.pdf") is True
    assert b"influenza" not in Path(storage.path("old.pdf")).read_bytes()
    with storage.open("old.pdf") as opened:
        assert opened.read() == PDF
    # Already a token: left alone; a file that is gone: nothing to do.
    assert file_encrypt_in_place(storage, "old.pdf") is False
    assert file_encrypt_in_place(storage, "gone.pdf") is False


def test_files_are_not_opened_for_writing(storage) -> None:
    name = storage.save("employees/note.pdf", ContentFile(PDF))
    with pytest.raises(ValueError, match="written whole"):
        storage.open(name, "wb")
