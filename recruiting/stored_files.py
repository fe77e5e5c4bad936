"""Keep an uploaded file for a row, and never leave a file behind without its row.

Every service that keeps an upload (resumes, the documents HR asks for, offer
letters) writes the file through stored_file(), so the rules hold in one place:
the file is written under the name the model generates, and if anything fails
after it was written (the row refused by the database, a check after it), the
file is deleted again before the error goes on. The name shown to people is
the uploaded one made safe by upload_name(): no folders, no control or
direction-changing characters (a NUL reaches PostgreSQL as an error, a
right-to-left override, U+202E, makes "cv[U+202E]fdp.exe" read
"cvexe.pdf"), and short enough for the column.
"""

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

NAME_MAX = 200
# Control (Cc), format (Cf: bidi overrides, zero-width) and surrogate (Cs) characters.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs"}


def upload_name(name: str, *, default: str) -> str:
    """The uploaded file's own name, safe to store and show; `default` when nothing is left."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c) not in _UNSAFE_CATEGORIES).strip()
    if not base.rpartition(".")[0 if "." in base else 2].strip():
        return default  # nothing left but, at most, an extension
    if len(base) <= NAME_MAX:
        return base
    stem, dot, extension = base.rpartition(".")
    if not dot or len(extension) > 16:
        return base[:NAME_MAX]
    return stem[: NAME_MAX - len(extension) - 1] + "." + extension


@contextmanager
def stored_file(field: FieldFile, *, name: str, data: bytes) -> Iterator[None]:
    """Write `data` to `field` (not saving its row); delete it again if the block raises."""
    field.save(name, ContentFile(data), save=False)
    try:
        yield
    except BaseException:
        if field.name:
            field.storage.delete(field.name)
        raise
