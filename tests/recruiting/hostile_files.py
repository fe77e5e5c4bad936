"""Hostile uploads, built in the test: zip bombs, PDFs that cost a parser dearly or trip its limits.

Each is small on the wire, as an attacker's would be; what it costs is in what it unpacks to.
"""

import functools
import io
import zipfile
import zlib

from recruiting.demo.resume_pdf import pdf_from_objects

WORD_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
MiB = 1024 * 1024


def _stream(data: bytes, *, compress: bool, extra: bytes = b"") -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    length = str(len(body)).encode()
    return b"<< /Length " + length + flate + extra + b" >>\nstream\n" + body + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_pages(contents: list[bytes], *, compress: bool = True) -> bytes:
    """One page per content stream, all in Helvetica."""
    count = len(contents)
    first_page = 3
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(count)).encode()
    font = first_page + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
    ]
    for index, content in enumerate(contents):
        stream = first_page + 2 * index + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 "
            + f"{font} 0 R".encode()
            + b" >> >> /Contents "
            + f"{stream} 0 R".encode()
            + b" >>"
        )
        objects.append(_stream(content, compress=compress))
    objects.append(FONT)
    return pdf_from_objects(objects)


def text_page(text: str) -> bytes:
    return f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")


@functools.cache
def pdf_million_operators() -> bytes:
    """About 10 KB: one page whose content stream shows a letter a million times."""
    return pdf_pages([b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * 1_000_000 + b"ET"])


def pdf_form_invoked_many_times(*, operators_in_form: int, invocations: int) -> bytes:
    """A page that draws one form XObject again and again: each use is parsed and visited."""
    form = b"BT /F1 12 Tf " + b"(b) Tj " * operators_in_form + b"ET"
    page = b"q " + b"/Fm1 Do " * invocations + b"Q"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << "
            b"/Font << /F1 6 0 R >> /XObject << /Fm1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(page, compress=True),
            _stream(
                form,
                compress=True,
                extra=b" /Type /XObject /Subtype /Form /BBox [0 0 612 792]"
                b" /Resources << /Font << /F1 6 0 R >> >>",
            ),
            FONT,
        ]
    )


def pdf_over_pypdf_limit() -> bytes:
    """560 bytes whose cross-reference table claims a million entries: pypdf's
    LimitReachedError, raised while the file is opened."""
    good = pdf_pages([text_page("x")], compress=False)
    head, tail = good.split(b"xref\n0 ")
    return head + b"xref\n0 999999" + tail[tail.index(b"\n") :]


def pdf_contents_array_over_pypdf_limit() -> bytes:
    """A page whose /Contents lists 10,001 streams: LimitReachedError while its text is read."""
    references = b" ".join(b"4 0 R" for _ in range(10_001))
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents [" + references + b"] >>",
            _stream(text_page("x"), compress=False),
            FONT,
        ]
    )


def pdf_inflating_past_pypdf_limit() -> bytes:
    """A content stream of 9 MB of zeros, a few KB compressed."""
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(bytes(MiB)) for _ in range(9)) + compressor.flush()
    length = str(len(body)).encode()
    stream = b"<< /Length " + length + b" /Filter /FlateDecode >>\nstream\n" + body + b"\nendstream"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream,
            FONT,
        ]
    )


def pdf_with_nul_in_text() -> bytes:
    r"""A PDF whose text holds a NUL ((Zhang\000Wei) Tj), which PostgreSQL cannot store."""
    return pdf_pages([text_page("Zhang\\000Wei resume")], compress=False)


@functools.cache
def docx_zip_bomb(*, with_text: bool = True, xml_mib: int = 49) -> bytes:
    """About 150 KB that inflates to `xml_mib` MB of word/document.xml.

    With text: paragraphs of a thousand letters; without: empty paragraphs
    only, so that only the byte bound can stop the reader.
    """
    unit = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>" if with_text else b"<w:p/>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=False) as member:
            member.write(WORD_DOCUMENT)
            block = unit * (MiB // len(unit))
            for _ in range(xml_mib):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def pdf_many_large_forms(*, forms: int, form_mib: int) -> bytes:
    """A page whose resources hold many large forms (zeros, tiny compressed) it never draws."""
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(bytes(MiB)) for _ in range(form_mib)) + compressor.flush()
    form = (
        b"<< /Length " + str(len(body)).encode() + b" /Filter /FlateDecode /Type /XObject"
        b" /Subtype /Form /BBox [0 0 1 1] >>\nstream\n" + body + b"\nendstream"
    )
    names = b" ".join(f"/Fm{i} {5 + i} 0 R".encode() for i in range(forms))
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << "
            b"/Font << /F1 4 0 R >> /XObject << "
            + names
            + b" >> >> /Contents "
            + f"{5 + forms} 0 R".encode()
            + b" >>",
            FONT,
            *[form] * forms,
            _stream(text_page("x"), compress=False),
        ]
    )
