"""Resume files: check what they really are, then read their text.

The public apply form makes this an unauthenticated upload endpoint, the path
peer systems were breached through (OpenCATS RCE by a renamed executable, XXE
in resume parsing). So: the extension and the magic bytes must agree, DOCX
archives are checked for entry count and unpacked size before any parsing,
XML is parsed with defusedxml, and PDF reading is bounded in pages.
"""

import io
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from hrflow.core.errors import ApplicationError

MAX_RESUME_BYTES = 10 * 1024 * 1024
MAX_DOCX_ENTRIES = 500
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 40
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n".join((page.extract_text() or "") for page in pages).strip()
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ApplicationError(
            _("This PDF cannot be read; it may be damaged."), extra={"field": "resume"}
        ) from error


def _docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) > MAX_DOCX_ENTRIES or (
            sum(entry.file_size for entry in entries) > MAX_DOCX_UNPACKED_BYTES
        ):
            raise ApplicationError(
                _("This Word file unpacks to too much data."), extra={"field": "resume"}
            )
        document = archive.read("word/document.xml")
        root = ElementTree.fromstring(document)
    except ApplicationError:
        raise
    except Exception as error:  # any parse failure, including defusedxml refusing XXE
        raise ApplicationError(
            _("This Word file cannot be read; it may be damaged."), extra={"field": "resume"}
        ) from error
    paragraphs = []
    for paragraph in root.iter(f"{WORD_NS}p"):
        text = "".join(node.text or "" for node in paragraph.iter(f"{WORD_NS}t"))
        if text:
            paragraphs.append(text)
    return "\n".join(paragraphs)
