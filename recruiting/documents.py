"""Documents a candidate uploads when HR asks (ID, certificates): check what they really are.

The same threat as resumes (recruiting/resumes.py): an upload whose name says
one thing and whose bytes say another, e.g. an executable renamed to .pdf. So
the extension and the magic bytes must agree, the size is bounded, and a PDF
must open with the same bounded reader the resumes use. Images are only
stored and handed back as downloads (never shown inline, never decoded here),
so their signature is the check that matters.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError
from recruiting.resumes import MAX_RESUME_BYTES, resume_check

MAX_DOCUMENT_BYTES = MAX_RESUME_BYTES
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


@dataclass(frozen=True)
class CheckedDocument:
    extension: str
    content_type: str


def document_check(*, name: str, data: bytes) -> CheckedDocument:
    """Accept a PDF, JPEG or PNG whose bytes match its name; return how to store it."""
    if not data:
        raise ApplicationError(_("The file is empty."), extra={"field": "file"})
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ApplicationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            extra={"field": "file"},
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS_BY_EXTENSION.get(extension)
    if kind is None or not data.startswith(kind.magic):
        raise ApplicationError(
            _("Upload a PDF, JPG or PNG file; this file is none of them."),
            extra={"field": "file"},
        )
    if kind == PDF:
        _pdf_readable(data)
    return CheckedDocument(kind.extension, kind.content_type)


def _pdf_readable(data: bytes) -> None:
    """Open the PDF with the resumes' bounded reader: a damaged file is refused now,
    not discovered by HR later. Its text is not kept (documents are not searched)."""
    try:
        resume_check(name="document.pdf", data=data)
    except ApplicationError as error:
        raise ApplicationError(error.message, extra={"field": "file"}) from error
