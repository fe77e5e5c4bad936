"""Resume files: check what they really are, then read their text.

The public apply form makes this an unauthenticated upload endpoint, the path
peer systems were breached through (OpenCATS RCE by a renamed executable, XXE
in resume parsing). So: the extension and the magic bytes must agree, and the
text is read by recruiting.file_text, within a fixed budget of work, with
defusedxml for XML; any failure of the parser is the applicant's "cannot be
read", never a server error.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError
from recruiting.file_text import UnreadableFile, docx_text, pdf_text

MAX_RESUME_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedResume:
    extension: str
    content_type: str
    text: str


def resume_check(*, name: str, data: bytes) -> CheckedResume:
    """Accept a PDF or DOCX whose bytes match its name; return its type and text."""
    if not data:
        raise ApplicationError(_("The file is empty."), extra={"field": "resume"})
    if len(data) > MAX_RESUME_BYTES:
        raise ApplicationError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_RESUME_BYTES // (1024 * 1024)},
            extra={"field": "resume"},
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == ".pdf" and data.startswith(b"%PDF-"):
        return CheckedResume(".pdf", "application/pdf", _pdf_text(data))
    if extension == ".docx" and data.startswith(b"PK\x03\x04"):
        return CheckedResume(
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _docx_text(data),
        )
    raise ApplicationError(
        _("Upload a PDF or Word (.docx) file; this file is neither."),
        extra={"field": "resume"},
    )


def _pdf_text(data: bytes) -> str:
    try:
        return pdf_text(data).text
    except UnreadableFile as error:
        raise ApplicationError(
            _("This PDF cannot be read; it may be damaged."), extra={"field": "resume"}
        ) from error


def _docx_text(data: bytes) -> str:
    try:
        return docx_text(data).text
    except UnreadableFile as error:
        message = (
            _("This Word file unpacks to too much data.")
            if error.too_large
            else _("This Word file cannot be read; it may be damaged.")
        )
        raise ApplicationError(message, extra={"field": "resume"}) from error
