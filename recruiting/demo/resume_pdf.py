"""A one-page resume as real PDF bytes, for the demo's candidates (dev-only).

No PDF library is needed: the file is a handful of objects. Chinese text uses
the standard Adobe-GB1 font STSong-Light with the UniGB-UCS2-H encoding, which
every PDF reader has or substitutes (nothing embedded, so a resume is ~3 KB),
and a ToUnicode map, so text extraction (pypdf, the resume search) reads the
same characters back. Latin-only resumes use Helvetica.
"""

import io
import zlib
from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
TITLE_SIZE, BODY_SIZE, LEADING = 20, 11, 18
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def resume_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A PDF whose first line is `title` (the person's name) in large type, then `lines`."""
    cjk = any(_needs_cjk(text) for text in (title, *lines))
    show = _ucs2_string if cjk else _latin_string
    content = [f"BT /F1 {TITLE_SIZE} Tf {MARGIN} {PAGE_HEIGHT - MARGIN - TITLE_SIZE} Td"]
    content.append(f"{show(title)} Tj")
    content.append(f"/F1 {BODY_SIZE} Tf 0 -{LEADING * 2} Td")
    for text in lines:
        if text:
            content.append(f"{show(text)} Tj")
        content.append(f"0 -{LEADING} Td")
    content.append("ET")
    used = {ord(char) for text in (title, *lines) for char in text if ord(char) <= 0xFFFF}
    font = _cjk_font_objects(used) if cjk else [HELVETICA]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".encode(),
        # Latin text is WinAnsi (latin-1 for what resumes hold); CJK text is hex.
        _stream("\n".join(content).encode("latin-1", "replace")),
        *font,
    ]
    return pdf_from_objects(objects)


def _needs_cjk(text: str) -> bool:
    return any(ord(char) > 0xFF for char in text)


def _latin_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return "(" + escaped.encode("latin-1", "replace").decode("latin-1") + ")"


def _ucs2_string(text: str) -> str:
    # UniGB-UCS2-H codes are UCS-2 code units; characters outside the BMP are dropped.
    return "<" + "".join(f"{ord(char):04X}" for char in text if ord(char) <= 0xFFFF) + ">"


def _cjk_font_objects(used: set[int]) -> list[bytes]:
    """Objects 5-7: the Type0 font, its descendant CID font, and the ToUnicode map."""
    return [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        _stream(_identity_to_unicode(used)),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]


def _identity_to_unicode(used: set[int]) -> bytes:
    """Each two-byte code is its own UCS-2 character; only the characters on the page
    are listed (a reader expands every range into entries, so a full map is slow)."""
    pairs = [f"<{code:04X}> <{code:04X}>" for code in sorted(used)]
    chunks = []
    for start in range(0, len(pairs), 100):  # at most 100 entries per block
        block = pairs[start : start + 100]
        chunks.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(chunks)
        + "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def _stream(data: bytes) -> bytes:
    body = zlib.compress(data, 9)
    return (
        f"<< /Length {len(body)} /Filter /FlateDecode >>\nstream\n".encode() + body + b"\nendstream"
    )


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 0 obj is the catalogue), with a correct cross-reference
    table (the tests build their hostile PDFs with it too)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
