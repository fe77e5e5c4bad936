"""What an uploaded document really is: its name and its first bytes must agree.

The threat is a file whose name says one thing and whose bytes another (an
executable renamed to .pdf). Shared by every app that takes documents from
people outside the company: recruiting's requested documents and the new
hire's pre-boarding uploads. Images are only stored and handed back as
downloads, never decoded, so the signature is the check that matters for them;
recruiting also opens PDFs with its bounded reader.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ACCEPT = ".pdf,.jpg,.jpeg,.png"  # for the file input: what the picker offers first


@dataclass(frozen=True)
class FileKind:
    extension: str  # how the file is stored: .jpeg is kept as .jpg
    content_type: str
    magic: bytes


PDF = FileKind(".pdf", "application/pdf", b"%PDF-")
JPEG = FileKind(".jpg", "image/jpeg", b"\xff\xd8\xff")
PNG = FileKind(".png", "image/png", b"\x89PNG\r\n\x1a\n")
KINDS_BY_EXTENSION = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}


def document_kind_check(*, name: str, data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> FileKind:
    """Accept a non-empty PDF, JPEG or PNG of at most `max_bytes` whose bytes match its name."""
    if not data:
        raise ApplicationError(_("The file is empty."), extra={"field": "file"})
    if len(data) > max_bytes:
        raise ApplicationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)},
            extra={"field": "file"},
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS_BY_EXTENSION.get(extension)
    if kind is None or not data.startswith(kind.magic):
        raise ApplicationError(
            _("Upload a PDF, JPG or PNG file; this file is none of them."),
            extra={"field": "file"},
        )
    return kind
