"""Documents a candidate uploads when HR asks (ID, certificates): check what they really are.

The same threat as resumes (recruiting/resumes.py): an upload whose name says
one thing and whose bytes say another, e.g. an executable renamed to .pdf. So
the extension and the magic bytes must agree, the size is bounded, and a PDF
must open with the same bounded reader the resumes use. Images are only
stored and handed back as downloads (never shown inline, never decoded here),
so their signature is the check that matters.
"""

from dataclasses import dataclass

from hrflow.core.errors import ApplicationError
from hrflow.core.upload_checks import ACCEPT, PDF, document_kind_check
from recruiting.resumes import MAX_RESUME_BYTES, resume_check

MAX_DOCUMENT_BYTES = MAX_RESUME_BYTES
__all__ = ["ACCEPT", "MAX_DOCUMENT_BYTES", "CheckedDocument", "document_check"]


@dataclass(frozen=True)
class CheckedDocument:
    extension: str
    content_type: str


def document_check(*, name: str, data: bytes) -> CheckedDocument:
    """Accept a PDF, JPEG or PNG whose bytes match its name; return how to store it."""
    kind = document_kind_check(name=name, data=data, max_bytes=MAX_DOCUMENT_BYTES)
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
