"""Read the text of an uploaded PDF or Word file within a fixed budget of work.

Anyone may upload through the public apply form, so a file is hostile until
read: a 150 KB Word file can inflate to 50 MB of XML, a 10 KB PDF can hold a
million drawing operators, and either can make its parser raise anything.
So every read is bounded in what it decompresses, parses and keeps (ReadBudget,
counted in ReadWork), stops early once a bound is reached (the text read so far
is plenty for search), and turns any failure of the parser into UnreadableFile.

The text is only ever used for search and the profile's preview: stopping
early loses nothing a person needs, the file itself is kept whole.
"""

import io
import zipfile
from dataclasses import dataclass
from typing import IO, Any

import pypdf
from defusedxml.ElementTree import DefusedXMLParser

from recruiting.cjk_text import normalize_cjk

WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MiB = 1024 * 1024
# Refused before anything is inflated: a real .docx holds a few dozen entries.
MAX_DOCX_ENTRIES = 500
MAX_DOCX_UNPACKED_BYTES = 50 * MiB
XML_CHUNK = 64 * 1024
# pypdf's own limits, lowered from its defaults (75 MB per stream, 2 million
# tokens per content stream): reaching one makes the file unreadable.
PYPDF_LIMITS: dict[str, Any] = {
    "maximum_declared_stream_length": 16 * MiB,
    "array_based_stream_maximum_output_length": 8 * MiB,
    "zlib_maximum_output_length": 8 * MiB,
    "lzw_maximum_output_length": 8 * MiB,
    "run_length_maximum_output_length": 8 * MiB,
    "brotli_maximum_output_length": 8 * MiB,
    "jbig2_maximum_output_length": 8 * MiB,
    "image_maximum_buffer_size": 8 * MiB,
    "stream_decoding_work_maximum_length": 32 * MiB,
    "stream_parsing_work_maximum_count": 150_000,
    "xform_maximum_invocations_per_extraction": 200,
    "page_tree_maximum_entries": 10_000,
    "page_tree_maximum_page_entries": 10_000,
    # Never start the external JBIG2 decoder on an uploaded file.
    "jbig2dec_binary": None,
}


@dataclass(frozen=True)
class ReadBudget:
    """The most work reading one file may take; past any of these, reading stops."""

    pages: int = 40
    # Decompressed content parsed, summed over the pages read and over each
    # use of a form XObject: pypdf parses a stream whole before any of it is
    # visited, at up to a token per two bytes, so this bounds the parsing
    # (about half a second of CPU at most).
    pdf_content_bytes: int = 256 * 1024
    # Operators visited, form XObjects included: for content dense in them.
    operators: int = 50_000
    # Word: XML inflated from the archive, summed over the members read.
    docx_xml_bytes: int = 4 * MiB
    text_chars: int = 100_000


@dataclass
class ReadWork:
    """What one read cost, and which bound stopped it ("" when it read to the end)."""

    pages: int = 0
    inflated_bytes: int = 0
    form_bytes_decoded: int = 0
    operators: int = 0
    text_chars: int = 0
    stopped_at: str = ""


@dataclass(frozen=True)
class FileText:
    text: str
    work: ReadWork


class UnreadableFile(Exception):
    """The parser failed or one of its own limits was reached; `too_large` says which."""

    def __init__(self, *, too_large: bool = False) -> None:
        super().__init__("too large" if too_large else "unreadable")
        self.too_large = too_large


class _Enough(BaseException):
    """A budget is spent: stop reading, keep the text read so far.

    A BaseException so that it passes pypdf's `except Exception` around
    form XObjects, which would otherwise swallow it and read on.
    """

    def __init__(self, bound: str) -> None:
        super().__init__(bound)
        self.bound = bound


DEFAULT_BUDGET = ReadBudget()


def pdf_text(data: bytes, *, budget: ReadBudget = DEFAULT_BUDGET) -> FileText:
    """The text of the PDF's first pages, read within `budget`."""
    work = ReadWork()
    pages: list[str] = []
    try:
        with pypdf.apply_configuration(**PYPDF_LIMITS):
            reader = pypdf.PdfReader(io.BytesIO(data), xref_stream_maximum_entries=200_000)
            for page in reader.pages:
                if work.pages >= budget.pages:
                    raise _Enough("pages")
                charge = _PdfCharge(page, budget, work)
                charge.content(page.get_contents())
                pages.append(page.extract_text(visitor_operand_before=charge.operator))
                work.pages += 1
                work.text_chars += len(pages[-1])
                if work.text_chars >= budget.text_chars:
                    raise _Enough("text")
    except _Enough as enough:
        work.stopped_at = enough.bound
    except Exception as error:  # whatever a hostile file makes pypdf raise
        raise UnreadableFile() from error
    return FileText(_clean("\n".join(pages).strip(), budget), work)


class _PdfCharge:
    """Charge a page's parsing to the budget before pypdf does it.

    pypdf parses a content stream whole, then visits its operators; a form
    XObject's stream is parsed again at each use ("Do"), and a parse that
    fails is logged and skipped, not raised. So each stream is charged by its
    size before it is parsed: the page's own content up front, a form's each
    time the visitor sees it used.
    """

    MAX_FORMS = 200
    # Forms are decoded to learn their size; past this much decoded over the
    # whole file, reading stops rather than decode more.
    MAX_FORM_BYTES_DECODED = 16 * MiB

    def __init__(self, page: pypdf.PageObject, budget: ReadBudget, work: ReadWork) -> None:
        self.budget = budget
        self.work = work
        self.form_bytes: dict[str, int] = {}
        self._collect_forms(page.get("/Resources"), seen=set(), depth=0)
        # A name not found (say, in resources too deep to follow) costs the most.
        self.unknown_form_bytes = max(self.form_bytes.values(), default=0)

    def content(self, contents: Any) -> None:
        self._spend(len(contents.get_data()) if contents is not None else 0)

    def operator(self, operator: bytes, operands: Any, *_: Any) -> None:
        self.work.operators += 1
        if self.work.operators > self.budget.operators:
            raise _Enough("operators")
        if operator == b"Do" and operands:
            self._spend(self.form_bytes.get(str(operands[0]), self.unknown_form_bytes))

    def _spend(self, size: int) -> None:
        if self.work.inflated_bytes + size > self.budget.pdf_content_bytes:
            raise _Enough("pdf_content_bytes")
        self.work.inflated_bytes += size

    def _collect_forms(self, resources: Any, *, seen: set[int], depth: int) -> None:
        resources = resources.get_object() if resources is not None else None
        xobjects = resources.get("/XObject") if isinstance(resources, dict) else None
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not isinstance(xobjects, dict) or depth > 8:
            return
        for name, reference in xobjects.items():
            form = reference.get_object()
            if len(seen) >= self.MAX_FORMS or id(form) in seen:
                continue
            if not isinstance(form, pypdf.generic.StreamObject) or form.get("/Subtype") != "/Form":
                continue
            seen.add(id(form))
            size = len(form.get_data())
            self.work.form_bytes_decoded += size
            if self.work.form_bytes_decoded > self.MAX_FORM_BYTES_DECODED:
                raise _Enough("form_bytes_decoded")
            self.form_bytes[str(name)] = max(size, self.form_bytes.get(str(name), 0))
            self._collect_forms(form.get("/Resources"), seen=seen, depth=depth + 1)


def docx_text(data: bytes, *, budget: ReadBudget = DEFAULT_BUDGET) -> FileText:
    """The text of a Word file's paragraphs, read within `budget`."""
    work = ReadWork()
    target = _WordParagraphs(budget, work)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        # Declared sizes bound what zipfile will inflate (it stops at the
        # declared size and then fails the CRC), so they can be judged first.
        if len(entries) > MAX_DOCX_ENTRIES or (
            sum(entry.file_size for entry in entries) > MAX_DOCX_UNPACKED_BYTES
        ):
            raise UnreadableFile(too_large=True)
        with archive.open("word/document.xml") as member:
            _feed(member, DefusedXMLParser(target=target), budget, work)
    except _Enough as enough:
        work.stopped_at = enough.bound
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged archive, bad XML, a DTD or entity refused
        raise UnreadableFile() from error
    return FileText(_clean("\n".join(target.paragraphs), budget), work)


def _feed(member: IO[bytes], parser: DefusedXMLParser, budget: ReadBudget, work: ReadWork) -> None:
    """Inflate and parse the member chunk by chunk, never past the byte budget."""
    while chunk := member.read(min(XML_CHUNK, budget.docx_xml_bytes - work.inflated_bytes + 1)):
        work.inflated_bytes += len(chunk)
        if work.inflated_bytes > budget.docx_xml_bytes:
            raise _Enough("docx_xml_bytes")
        parser.feed(chunk)
    parser.close()


class _WordParagraphs:
    """A parser target that keeps the text of each w:p and builds no tree.

    Without a tree, memory stays flat however many elements the XML holds;
    a paragraph inside another (a text box) is kept as its own.
    """

    def __init__(self, budget: ReadBudget, work: ReadWork) -> None:
        self.paragraphs: list[str] = []
        self._open: list[list[str]] = []  # the text of each paragraph being read
        self._in_text = 0
        self._budget = budget
        self._work = work

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == f"{WORD_NS}p":
            self._open.append([])
        elif tag == f"{WORD_NS}t":
            self._in_text += 1

    def end(self, tag: str) -> None:
        if tag == f"{WORD_NS}p" and self._open:
            if text := "".join(self._open.pop()):
                self.paragraphs.append(text)
        elif tag == f"{WORD_NS}t":
            self._in_text -= 1

    def data(self, text: str) -> None:
        if self._in_text and self._open:
            self._open[-1].append(text)
            self._work.text_chars += len(text)
            if self._work.text_chars >= self._budget.text_chars:
                # What is open counts too: the paragraph cut short is kept.
                self.paragraphs.extend(t for p in self._open if (t := "".join(p)))
                self._open.clear()
                raise _Enough("text")

    def close(self) -> None:
        return None


def _clean(text: str, budget: ReadBudget) -> str:
    """Text PostgreSQL will store and search finds: no NUL, no lone surrogate, one code
    point per Chinese character (recruiting.cjk_text), at most the budget's length."""
    text = text[: budget.text_chars].replace("\x00", "")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return normalize_cjk(text)[: budget.text_chars]
