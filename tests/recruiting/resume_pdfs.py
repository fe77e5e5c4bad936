"""Resume PDFs built the way PDF writers build Chinese text: a CID font with a ToUnicode map.

Each distinct character gets a glyph id (Identity-H encoding), and the font's
ToUnicode CMap maps each id back to the code point given. A writer whose font
draws 工 and the Kangxi radical ⼯ with one glyph records whichever code point
it chose there; passing "⼯作经历" makes the same file such a writer makes, so
a reader sees exactly what it would in a resume from the wild.
"""

from tests.recruiting.hostile_files import pdf_from_objects

LINE_HEIGHT = 16


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines`, top to bottom, each code point exactly as given."""
    glyphs: dict[str, int] = {}
    for line in lines:
        for char in line:
            glyphs.setdefault(char, len(glyphs) + 1)
    content = []
    for number, line in enumerate(lines):
        hex_ids = "".join(f"{glyphs[char]:04X}" for char in line)
        content.append(f"BT /F1 11 Tf 40 {800 - LINE_HEIGHT * number} Td <{hex_ids}> Tj ET")
    stream = "\n".join(content).encode()
    cmap = _to_unicode(glyphs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(stream),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansCJKsc-Regular /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /NotoSansCJKsc-Regular "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        _stream(cmap),
        b"<< /Type /FontDescriptor /FontName /NotoSansCJKsc-Regular /Flags 4 "
        b"/FontBBox [-1000 -300 3000 1100] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 700 /StemV 80 >>",
    ]
    return pdf_from_objects(objects)


def _to_unicode(glyphs: dict[str, int]) -> bytes:
    pairs = [f"<{glyph:04X}> <{_utf16_hex(char)}>" for char, glyph in glyphs.items()]
    # At most 100 entries a block (PDF 1.7, 9.10.3).
    blocks = "\n".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
        for chunk in (pairs[start : start + 100] for start in range(0, len(pairs), 100))
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{blocks}\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode()


def _utf16_hex(char: str) -> str:
    return char.encode("utf-16-be").hex().upper()


def _stream(data: bytes) -> bytes:
    return b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"
