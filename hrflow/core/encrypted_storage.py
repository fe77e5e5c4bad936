"""Files encrypted at rest: what is written to disk is a Fernet token, never the file.

The employee file holds ID card copies, contracts and health documents (sick notes,
birth certificates for maternity leave): sensitive personal information that must be
encrypted at rest like the database's sensitive fields (hrflow.core.crypto, the same
keys and rotation). Encryption happens in the storage, so every way a file is written
(an upload, a copy at hire) and read (the views that checked who asks, exports) goes
through it; nothing else changes. Files are whole in memory (uploads are capped at
10 MB), which Fernet needs.

A file that is not a token with the configured keys is refused (CorruptFileError), not
served as it is: a plaintext file left from before this storage is encrypted by
migration employees 0013 (`file_encrypt_in_place`).
"""

from typing import Any

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from hrflow.core.crypto import fernet


class CorruptFileError(Exception):
    """A stored file could not be decrypted with the configured keys."""


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        content.seek(0)
        token = fernet().encrypt(content.read())
        return super()._save(name, ContentFile(token))  # type: ignore[misc]  # not in the stubs

    def _open(self, name: str, mode: str = "rb") -> File:  # type: ignore[type-arg]
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("encrypted files are written whole through save()")
        with open(self.path(name), "rb") as stored:
            token = stored.read()
        try:
            data = fernet().decrypt(token)
        except InvalidToken as error:
            raise CorruptFileError(f"{name}: not decryptable with the configured keys") from error
        return ContentFile(data, name=name)

    def size(self, name: str) -> int:
        """The file's own size (what is on disk is the longer token)."""
        with self._open(name) as opened:
            return int(opened.size)


def file_encrypt_in_place(storage: FileSystemStorage, name: str) -> bool:
    """Encrypt a file written before encryption at rest; False when it already is one
    (or is gone). For migrations: reads and writes the disk directly."""
    if not storage.exists(name):
        return False
    path = storage.path(name)
    with open(path, "rb") as stored:
        raw = stored.read()
    try:
        fernet().decrypt(raw)
    except InvalidToken:
        pass
    else:
        return False
    with open(path, "wb") as rewritten:
        rewritten.write(fernet().encrypt(raw))
    return True


employee_files = EncryptedFileSystemStorage()


def employee_file_storage() -> EncryptedFileSystemStorage:
    """The storage of the employee file (a callable, so migrations name it, not a path)."""
    return employee_files
